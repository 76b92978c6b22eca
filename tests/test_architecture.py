"""The one-way flow: records <- stages <- store/query/export <- cli/api."""

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "src" / "whimbrel"
LAYERS = {
    "errors": 0, "records": 0, "settings": 1, "knowledge": 1,
    "nlp": 2, "ingest": 2, "actors": 3, "events": 4, "contexts": 5, "counts": 5, "places": 5, "dates": 5, "screen": 5,
    "attribution": 6,
    "dedup": 7, "focus": 7, "pipeline": 8, "store": 9, "query": 9, "export": 9,
    "pageindex": 9.5,  # an in-memory index over query's conditions, for the server
    "cli": 10, "api": 10, "__init__": 11,
}


# The one import between the two adapters: `whimbrel serve` (cli) starts the web API (api).
ADAPTER_TO_ADAPTER = {("cli", "api")}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                out.add(node.module.split(".")[0])
            else:
                out.update(a.name for a in node.names)
    return out


def test_every_module_has_a_layer():
    assert {p.stem for p in PKG.glob("*.py")} <= set(LAYERS)


def test_imports_flow_one_way():
    bad = []
    for path in PKG.glob("*.py"):
        for dep in imports_of(path):
            if (path.stem, dep) in ADAPTER_TO_ADAPTER:
                continue
            if dep in LAYERS and LAYERS[dep] >= LAYERS[path.stem] and dep != path.stem and path.stem != "__init__":
                bad.append(f"{path.stem} imports {dep}")
    assert not bad, bad
