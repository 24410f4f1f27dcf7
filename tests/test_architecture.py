"""The layers of docs/architecture.md, read from the imports of every module (those inside
functions too): config is wiring, core knows no record app, treaties knows no reactions, search
sits above both, and no module imports itself back through others."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ["config", "core", "treaties", "reactions", "search", "bench"]
APPS = ["core", "treaties", "reactions", "search"]
# config's URL modules mount the apps' views; nothing else in config may name an app.
CONFIG_URL_MODULES = {"config.urls", "config.api_urls"}
# What each package may not import: the layers from the bottom up.
FORBIDDEN = {
    "core": {"config", "treaties", "reactions", "search", "bench"},
    "treaties": {"config", "reactions", "search", "bench"},
    "reactions": {"config", "search", "bench"},
    "search": {"config", "bench"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        # Not the project's: bench's own virtual environments and work files.
        if not any(part.startswith(".") for part in path.relative_to(ROOT).parts)
    }


def imported_names(module: str, path: Path) -> set[str]:
    """The modules `module` imports, relative imports resolved; `from x import y` counts as an
    import of x.y when that is a module, else of x."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


@pytest.fixture(scope="module")
def imports() -> dict[str, set[str]]:
    """Each project module and the project modules it imports."""
    modules = project_modules()
    return {
        module: {name for name in imported_names(module, path) if name in modules}
        for module, path in modules.items()
    }


def package_of(module: str) -> str:
    return module.split(".")[0]


def test_the_check_reads_every_app_and_their_imports(imports):
    assert {"core.models", "treaties.models", "reactions.models", "search.selectors"} <= set(
        imports
    )
    assert "core.models" in imports["treaties.models"]
    assert "treaties.models" in imports["reactions.models"]
    assert "reactions.models" in imports["search.rows"]


def test_config_is_wiring_that_no_app_imports(imports):
    named_apps = {
        module: sorted(name for name in names if package_of(name) in APPS)
        for module, names in imports.items()
        if package_of(module) == "config" and module not in CONFIG_URL_MODULES
    }
    assert not {module: names for module, names in named_apps.items() if names}
    to_bench = [
        module
        for module, names in imports.items()
        if package_of(module) == "config" and any(package_of(name) == "bench" for name in names)
    ]
    assert to_bench == []
    from_apps = {
        module: sorted(name for name in names if package_of(name) == "config")
        for module, names in imports.items()
        if package_of(module) in APPS
    }
    assert not {module: names for module, names in from_apps.items() if names}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_each_layer_imports_only_those_below_it(imports, package):
    crossing = {
        module: sorted(name for name in names if package_of(name) in FORBIDDEN[package])
        for module, names in imports.items()
        if package_of(module) == package
    }
    assert not {module: names for module, names in crossing.items() if names}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of nodes that reach each other (Tarjan's strongly connected components)."""
    index, lowlink, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = lowlink[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph[module]:
            if imported not in index:
                visit(imported)
                lowlink[module] = min(lowlink[module], lowlink[imported])
            elif imported in on_stack:
                lowlink[module] = min(lowlink[module], index[imported])
        if lowlink[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_back(imports):
    assert cycles(imports) == []


def test_no_package_imports_itself_back(imports):
    packages = {package: set() for package in PACKAGES}
    for module, names in imports.items():
        packages[package_of(module)] |= {package_of(name) for name in names} - {package_of(module)}
    assert cycles(packages) == []
