"""Fingerprints of the package code a rule runs, so Snakemake reruns a stage when its code changes.

The workflow's scripts are thin: each calls one `steps.run_*` function, and the logic lives in this
package, which is not a file input of any rule. Each rule passes `code_version("run_*")` as a param,
and Snakemake's `params` rerun trigger reruns its jobs when the fingerprint changes. The fingerprint
is a sha256 over
- `steps.py` (the glue: a change there reruns every stage);
- the package modules the step imports (inside the function and the steps.py helpers it calls, and
  at the top of steps.py) and every package module those import in turn, directly or not, with
  their parent packages' `__init__.py`. Imports are read from the source (inside functions too);
  nothing is imported;
- the data files under `resources/<area>/` for every area such a module belongs to
  (`conflictnews.events.*` -> `resources/events/`) or names as a string literal
  (`read_csv("geo", ...)` -> `resources/geo/`).
Over-inclusion only costs a rerun. The other steps' imports in steps.py are not followed: they would
make every stage depend on all of the package.

Reading a source file's imports and strings means parsing it (about 0.5 s for the package, at every
Snakemake start): with `use_scan_cache(path)`, what each file gave is kept in a JSON file by module
name and content hash, so only new or changed files are parsed again.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE = PACKAGE_DIR.name
RESOURCES = PACKAGE_DIR / "resources"


def module_file(name: str) -> Path | None:
    """The source file of package module `name` ("conflictnews.events.geocode"), or None."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE_DIR).with_suffix("")
    parts = [PACKAGE, *rel.parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(item: ast.Import | ast.ImportFrom, package: str) -> set[str]:
    """Modules one import statement names, with the names imported from them ("from pkg import module");
    package resolves relative imports."""
    if isinstance(item, ast.Import):
        return {alias.name for alias in item.names}
    if item.level:
        base = package.rsplit(".", item.level - 1)[0] if item.level > 1 else package
        module = f"{base}.{item.module}" if item.module else base
    else:
        module = item.module or ""
    return {module} | {f"{module}.{alias.name}" for alias in item.names}


def _in_package(names: set[str]) -> set[str]:
    """The names that are modules of this package."""
    return {m for m in names if module_file(m) is not None}


def _imports(node: ast.AST, package: str) -> set[str]:
    """Package modules named by the import statements under node."""
    found: set[str] = set()
    for item in ast.walk(node):
        if isinstance(item, (ast.Import, ast.ImportFrom)):
            found |= _imported(item, package)
    return _in_package(found)


_scan_cache_path: Path | None = None
_scan_cache: dict[str, list[list[str]]] = {}
_scan_used: set[str] = set()  # keys read by this process: what the saved file keeps
_scan_missed = False


def use_scan_cache(path: str | Path) -> None:
    """Keep what each source file gave (_read) in this JSON file, across processes."""
    global _scan_cache_path, _scan_cache, _scan_missed
    _scan_cache_path = Path(path)
    _scan_used.clear()
    _scan_missed = False
    try:
        _scan_cache = json.loads(_scan_cache_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        _scan_cache = {}  # none yet, or unreadable: parse the files again
    if not isinstance(_scan_cache, dict):
        _scan_cache = {}
    _read.cache_clear()


def _save_scan_cache() -> None:
    """Write the cache if a file was parsed, keeping the entries of the files this process read."""
    global _scan_missed
    if _scan_cache_path is None or not _scan_missed:
        return
    _scan_missed = False
    kept = {key: _scan_cache[key] for key in sorted(_scan_used)}
    _scan_cache_path.parent.mkdir(parents=True, exist_ok=True)
    partial = _scan_cache_path.with_name(f"{_scan_cache_path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(kept, sort_keys=True), encoding="utf-8")
    os.replace(partial, _scan_cache_path)  # atomic: other Snakemake processes read a whole file


def _scan(source: str, package: str) -> tuple[set[str], set[str]]:
    """(modules named by import statements, string constants) of a source, in one walk of its tree."""
    modules: set[str] = set()
    strings: set[str] = set()
    for item in ast.walk(ast.parse(source)):
        if isinstance(item, ast.Constant):
            if isinstance(item.value, str) and len(item.value) <= 255 and "/" not in item.value:
                strings.add(item.value)  # only these can name a resources/ folder
        elif isinstance(item, (ast.Import, ast.ImportFrom)):
            modules |= _imported(item, package)
    return modules, strings


@cache
def _read(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """(package modules imported, string constants that could name a resources/ folder) of one source file."""
    global _scan_missed
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    key = f"{name} {_file_digest(path).hex()}"  # the digest the fingerprint uses too: one read per file
    if key not in _scan_cache:
        modules, strings = _scan(path.read_text(encoding="utf-8"), package)
        _scan_cache[key] = [sorted(modules), sorted(strings)]
        _scan_missed = True
    _scan_used.add(key)
    modules, strings = _scan_cache[key]
    return frozenset(_in_package(set(modules))), frozenset(strings)


def _parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


@cache
def _file_digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def code_files(*modules: str) -> list[Path]:
    """The source and data files the modules run with (see the module docstring), sorted."""
    seen: set[str] = set()
    todo = list(modules)
    strings: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = module_file(name)
        if path is None:
            raise ValueError(f"{name!r} is not a module of the {PACKAGE} package")
        seen.add(name)
        imported, constants = _read(path)
        strings |= constants
        todo.extend(imported | set(_parents(name)))
    files = {module_file(name) for name in seen}
    areas = {name.split(".")[1] for name in seen if name.count(".") >= 1} | strings
    for folder in sorted(p for p in RESOURCES.iterdir() if p.is_dir() and p.name in areas):
        files.update(p for p in folder.rglob("*") if p.is_file())
    return sorted(files)


@cache
def _steps_tree() -> ast.Module:
    return ast.parse((PACKAGE_DIR / "steps.py").read_text(encoding="utf-8"))


def step_modules(step: str) -> list[str]:
    """Package modules imported by steps.<step>, the steps.py functions it calls, and steps.py's top."""
    tree = _steps_tree()
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    if step not in functions:
        raise ValueError(f"steps.py has no function {step!r}")
    top = ast.Module(body=[n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))], type_ignores=[])
    nodes, todo, done = [top], [step], set()
    while todo:
        name = todo.pop()
        if name in done:
            continue
        done.add(name)
        nodes.append(functions[name])
        called = {
            n.func.id for n in ast.walk(functions[name]) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
        }
        todo.extend(called & functions.keys())
    return sorted(set().union(*(_imports(node, PACKAGE) for node in nodes)))


@cache
def code_version(step: str) -> str:
    """sha256 (first 16 hex digits) of steps.py and code_files(*step_modules(step)): paths and contents."""
    digest = hashlib.sha256()
    for path in sorted({PACKAGE_DIR / "steps.py", *code_files(*step_modules(step))}):
        digest.update(str(path.relative_to(PACKAGE_DIR)).encode() + b"\0" + _file_digest(path))
    _save_scan_cache()
    return digest.hexdigest()[:16]
