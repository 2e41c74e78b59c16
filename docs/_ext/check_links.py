"""Check every internal link of a built HTML site, and that it loads nothing from the web.

Usage: ``python docs/_ext/check_links.py BUILD_DIR``

For every ``href`` and ``src`` in every ``*.html`` file under BUILD_DIR:
a relative link must name an existing file, and its ``#fragment`` an
element ``id`` (or ``<a name>``) in that file. A ``<script>``, stylesheet or
image from ``http(s)://`` fails too: the site must work offline. Links to
other sites in the text are allowed and not fetched. Exits 1 and lists
every broken link, or prints a one-line summary.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for attribute in ("href", "src"):
            if attribute in values:
                self.links.append((tag, attribute, values[attribute]))


def _parse(path: Path, cache: dict[Path, _Page]) -> _Page:
    if path not in cache:
        page = _Page()
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = page
    return cache[path]


def _pages(root: Path) -> list[Path]:
    """The site's pages (not the theme's templates under ``_static``)."""
    return sorted(
        p for p in root.rglob("*.html") if not p.relative_to(root).parts[0].startswith("_")
    )


def check(root: Path) -> list[str]:
    """Broken links of the site in ``root``, one message each."""
    cache: dict[Path, _Page] = {}
    problems: list[str] = []
    pages = _pages(root)
    for page_path in pages:
        page = _parse(page_path, cache)
        where = page_path.relative_to(root)
        for tag, attribute, value in page.links:
            parts = urlsplit(value)
            if parts.scheme in ("http", "https"):
                if tag in ("script", "img", "link", "iframe"):
                    problems.append(f"{where}: <{tag} {attribute}> loads {value} from the web")
                continue
            if parts.scheme or value.startswith("//"):
                continue  # mailto:, data:, javascript:, other sites' text links
            target = page_path if not parts.path else (page_path.parent / unquote(parts.path))
            target = target.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{where}: {attribute}={value!r} names a missing file")
                continue
            fragment = unquote(parts.fragment)
            if (
                fragment
                and target.suffix == ".html"
                and fragment != "top"
                and fragment not in _parse(target, cache).ids
            ):
                problems.append(f"{where}: {attribute}={value!r} names a missing anchor")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    root = Path(argv[1])
    if not root.is_dir():
        print(f"no built site at {root}")
        return 2
    problems = check(root)
    for line in problems:
        print(line)
    n_pages = len(_pages(root))
    if problems:
        print(f"{len(problems)} broken links in {n_pages} pages")
        return 1
    print(f"internal links ok: {n_pages} pages, no external scripts or styles")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
