"""The house plan, checked: imports point down the layers of docs/architecture.md, no two apps
import each other (directly or around a circle), library code never imports a management
command, and every app has the files the plan promises.

The imports are read from the source (every ``import`` statement, also inside functions and
``TYPE_CHECKING`` blocks), so a lazy import cannot hide a back-edge.
"""

from __future__ import annotations

import ast
import itertools
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kendali"

# Bottom to top. An app may import its own layer's apps (without a cycle) and every layer below.
LAYERS: list[set[str]] = [
    {"lib"},
    {"audit"},
    {"cities", "agencies"},
    {"reports"},
    {
        "sla",
        "sops",
        "notify",
        "telemetry",
        "warnings",
        "open311",
        "opendata",
        "intake",
        "shifts",
        "outreach",
        "privacy",
    },
    {"insights"},
    {"console", "portal", "demo"},
]
# Project modules (settings, URLs, the assembled API, the ASGI app, the CLI): above every app.
PROJECT = "<project>"
APPS = {app for layer in LAYERS for app in layer}


def layer_of(app: str) -> int:
    if app == PROJECT:
        return len(LAYERS)
    for number, layer in enumerate(LAYERS):
        if app in layer:
            return number
    raise AssertionError(f"kendali/{app}/ is in no layer: add it to LAYERS and the docs")


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "kendali":
        return None
    if module in {"kendali", "kendali.__version__"}:
        return "lib"  # the package's face: its name and version, for everyone
    if len(parts) > 1 and parts[1] in APPS:
        return parts[1]
    return PROJECT


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.relative_to(PACKAGE).parts
        and "migrations" not in path.relative_to(PACKAGE).parts
    )


@cache
def imports() -> dict[str, set[str]]:
    """module → the kendali modules it imports."""
    graph: dict[str, set[str]] = {}
    for path in source_files():
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)
        graph[name] = {module for module in found if module.startswith("kendali")}
    return graph


def app_edges() -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) → the modules that import it."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for module, targets in imports().items():
        source = app_of(module)
        for target in targets:
            imported = app_of(target)
            if source and imported and imported != source:
                edges[(source, imported)].append(f"{module} → {target}")
    return edges


def test_imports_point_down_the_layers():
    upward = [
        f"{source} (layer {layer_of(source)}) imports {target} (layer {layer_of(target)}): "
        + "; ".join(sorted(set(where))[:3])
        for (source, target), where in sorted(app_edges().items())
        if layer_of(target) > layer_of(source)
    ]
    assert upward == [], "imports that point up:\n" + "\n".join(upward)


def test_no_app_imports_the_project_modules():
    # kendali.api, kendali.urls, kendali.views, kendali.cli ... assemble the apps; an app that
    # imported them would import every other app with them.
    back = [
        "; ".join(where)
        for (source, target), where in sorted(app_edges().items())
        if target == PROJECT and source != PROJECT
    ]
    assert back == [], "apps importing project modules:\n" + "\n".join(back)


def test_no_import_cycle_between_apps():
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target in app_edges():
        if PROJECT not in (source, target):
            graph[source].add(target)
    cycles: list[list[str]] = []

    def visit(app: str, path: list[str]) -> None:
        for nxt in sorted(graph[app]):
            if nxt == path[0]:
                cycles.append([*path, nxt])
            elif nxt not in path and nxt > path[0]:
                visit(nxt, [*path, nxt])

    for app in sorted(graph):
        visit(app, [app])
    edges = app_edges()
    described = [
        " → ".join(cycle)
        + " ("
        + "; ".join(edges[(a, b)][0] for a, b in itertools.pairwise(cycle))
        + ")"
        for cycle in cycles
    ]
    assert described == [], "import cycles between apps:\n" + "\n".join(described)


def test_library_code_never_imports_a_management_command():
    offenders = [
        f"{module} → {target}"
        for module, targets in sorted(imports().items())
        if ".management.commands." not in module
        for target in sorted(targets)
        if ".management.commands." in target
    ]
    assert offenders == []


@pytest.mark.parametrize("app", sorted(APPS))
def test_every_app_directory_is_in_a_layer(app):
    # Apps planned in docs/architecture.md but not built yet have no directory: nothing to check.
    assert layer_of(app) >= 0


def test_every_directory_of_the_package_is_an_app_in_a_layer():
    directories = {
        path.name
        for path in PACKAGE.iterdir()
        if path.is_dir()
        and (path / "__init__.py").exists()
        and path.name not in {"management"}
        and path.name != "templatetags"
    }
    assert directories - APPS == set(), "add these apps to LAYERS (and the docs)"


DOMAIN_APPS = sorted(
    app
    for app in APPS
    if (PACKAGE / app / "apps.py").exists() and app not in {"lib", "console", "portal", "demo"}
)
ALWAYS = ("apps.py", "models.py", "admin.py", "tests")


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_every_app_has_the_documented_files(app):
    folder = PACKAGE / app
    missing = [name for name in ALWAYS if not (folder / name).exists()]
    assert missing == [], f"kendali/{app}/ lacks {missing} (docs/architecture.md, One app shape)"
    tests = list((folder / "tests").glob("test_*.py"))
    assert tests, f"kendali/{app}/tests/ has no test file"


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_page_and_api_modules_come_with_what_they_need(app):
    folder = PACKAGE / app
    has = {path.name for path in folder.iterdir()}
    problems = []
    for urls, views in (
        ("console_urls.py", "console_views.py"),
        ("portal_urls.py", "portal_views.py"),
    ):
        if urls in has and views not in has:
            problems.append(f"{urls} without {views}")
    pages = {"console_views.py", "portal_views.py", "views.py"} & has
    if ({"console_views.py", "portal_views.py"} & has) and not (
        folder / "templates" / app
    ).is_dir():
        problems.append(f"pages without templates/{app}/")
    if ("api.py" in has or pages) and "access.py" not in has and app != "cities":
        # cities' API and pages are public: the areas and the about page.
        problems.append("pages or an API without access.py")
    if "jobs.py" in has and "jobs" not in (folder / "apps.py").read_text(encoding="utf-8"):
        problems.append("jobs.py is never imported by AppConfig.ready()")
    if "handlers.py" in has and "handlers" not in (folder / "apps.py").read_text(encoding="utf-8"):
        problems.append("handlers.py is never registered by AppConfig.ready()")
    assert problems == [], f"kendali/{app}/: " + "; ".join(problems)


MAX_MODULE_LINES = 800


def test_no_module_grows_past_the_size_where_it_becomes_a_package():
    """STYLE.md: a file past about 800 lines becomes a package, split by noun."""
    too_long = {}
    for path in PACKAGE.rglob("*.py"):
        parts = set(path.relative_to(PACKAGE).parts)
        if parts & {"migrations", "tests"}:
            continue
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_MODULE_LINES:
            too_long[str(path.relative_to(PACKAGE))] = lines
    assert too_long == {}, f"split these into packages by noun: {too_long}"
