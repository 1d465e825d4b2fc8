"""gen schema: the dump's contract, the CLI, and the corpus acceptance figures (issue 2)."""

from __future__ import annotations

import json
import runpy
import shutil
from pathlib import Path

import pytest

from generator.model import ApiModel
from generator.docs import load_model
from generator.model.schema import model_from_schema, schema_dict, schema_json
from conftest import CORPUS, SHARED
from helpers import ROOT, run_gen


def test_dump_follows_the_spec_shape(docs_input_model: ApiModel) -> None:
    document = schema_dict(docs_input_model)
    assert document["format"] == "gen-schema/1"
    names = [f"{t['namespace']}.{t['name']}" for t in document["types"]]
    assert names == sorted(names)
    for item in document["types"]:
        keys = ["name", "namespace", "kind", "base", "abstract", "source", "properties", "members"]
        assert list(item) == keys + (["flags"] if item["kind"] == "enum" else [])
        assert item["kind"] in ("entity", "complex", "enum")
        for prop in item["properties"]:
            assert list(prop) == ["name", "type", "collection", "navigation", "description"]
            assert prop["type"].startswith(("Edm.", "microsoft.graph."))
    operations = [op["name"] for op in document["operations"]]
    assert operations == sorted(operations)
    for op in document["operations"]:
        assert list(op) == ["name", "source", "method", "paths", "request_type", "response_type", "response_collection"]


def test_dump_reads_back_into_the_same_model(docs_input_model: ApiModel) -> None:
    again = model_from_schema(json.loads(schema_json(docs_input_model)))
    assert schema_json(again) == schema_json(docs_input_model)


def test_output_is_byte_identical_and_independent_of_workers(tmp_path: Path) -> None:
    copy = tmp_path / "docs"
    shutil.copytree(ROOT / "docs-input", copy)
    first = run_gen("schema", str(copy), "--format", "json")
    second = run_gen("-q", "schema", str(copy))
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout
    from generator.docs import load

    assert schema_json(load(copy, jobs=1).model) == schema_json(load(copy, jobs=2).model)


def test_text_format_and_diagnostics_file(tmp_path: Path) -> None:
    diagnostics = tmp_path / "diags.json"
    result = run_gen("schema", "docs-input", "--format", "text", "--diagnostics", str(diagnostics))
    assert result.returncode == 0
    assert "entity microsoft.graph.vehicle : microsoft.graph.fleetAsset" in result.stdout
    document = json.loads(diagnostics.read_text())
    assert document["format"] == "gen-diagnostics/1"
    assert {"code", "kind", "severity", "file", "line", "message"} <= set(document["diagnostics"][0])
    # stderr: one line per warning/error, then the count per code.
    assert "diagnostics (" in result.stderr and "GEN307 x1" in result.stderr


def test_missing_docs_folder_is_a_usage_error() -> None:
    result = run_gen("schema", "no-such-folder")
    assert result.returncode == 2
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr


def test_unreadable_pages_are_diagnostics(tmp_path: Path) -> None:
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "latin1.md").write_bytes("# caf\xe9 resource type\n".encode("latin-1"))
    result = run_gen("schema", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for code in ("GEN001", "GEN003"):
        assert code in result.stderr
    assert "latin1.md:1: warning GEN002" in result.stderr


def test_seed_page(seed_dir: Path) -> None:
    model = load_model(seed_dir)
    [operation] = model.operations
    assert operation.method == "PATCH"
    assert operation.request_type == "microsoft.graph.macOSVpnConfiguration"
    assert operation.paths == []
    codes = {d.code for d in model.diagnostics}
    assert {"GEN307", "GEN309"} <= codes
    missing_url = [d for d in model.diagnostics if d.code == "GEN307"]
    assert any("Entity URI" in d.message and d.line == 29 for d in missing_url)
    todo = [d.line for d in model.diagnostics if d.code == "GEN309"]
    assert todo == [19, 21]


def test_corpus_acceptance_figures(corpus_2021_model: ApiModel) -> None:
    mac = corpus_2021_model.types["microsoft.graph.macOSVpnConfiguration"]
    assert mac.kind.value == "entity"
    assert mac.base == "microsoft.graph.appleVpnConfiguration"
    assert [(p.name, p.navigation) for p in mac.properties] == [("identityCertificate", True)]
    enum = corpus_2021_model.types["microsoft.graph.appleVpnConnectionType"]
    assert enum.kind.value == "enum"
    assert [m.name for m in enum.members] == [
        "ciscoAnyConnect", "pulseSecure", "f5EdgeClient", "dellSonicWallMobileConnect", "checkPointCapsuleVpn",
        "customVpn", "ciscoIPSec", "citrix", "ciscoAnyConnectV2", "paloAltoGlobalProtect", "zscalerPrivateAccess",
        "f5Access2018", "citrixSso", "paloAltoGlobalProtectV2", "ikEv2", "alwaysOn", "microsoftTunnel",
        "netMotionMobility", "microsoftProtect",
    ]  # fmt: skip
    apple = corpus_2021_model.types["microsoft.graph.appleVpnConfiguration"]
    assert apple.base == "microsoft.graph.deviceConfiguration"
    assert corpus_2021_model.types["microsoft.graph.deviceConfiguration"].base == "microsoft.graph.entity"
    assert "id" not in [p.name for p in apple.properties + corpus_2021_model.types["microsoft.graph.deviceConfiguration"].properties]


def test_corpus_trees_run_clean(corpus_2021: Path, corpus_2020: Path) -> None:
    for tree in (corpus_2021, corpus_2020):
        result = run_gen("-q", "schema", str(tree))
        assert result.returncode == 0 and "Traceback" not in result.stderr
        assert json.loads(result.stdout)["format"] == "gen-schema/1"


# What the service's own metadata says of the model built from the full beta tree (issue 10).
# Without --metadata the metadata only measures. Floors, a little under the measured figures
# (247e407: kind 96.02, base 92.25, recall 96.54, precision 97.33, type 98.36, members 99.53).
TRUTH_FLOORS = {
    "kind_acc": 95.9,
    "base_acc": 92.1,
    "prop_recall": 96.5,
    "prop_precision": 97.2,
    "ptype_acc": 98.2,
    "member_recall": 99.5,
    "type_recall": 100.0,
}


@pytest.mark.corpus
@pytest.mark.slow
def test_the_model_of_the_full_beta_tree_against_the_service_metadata(tmp_path: Path) -> None:
    full, truth = CORPUS / "graph-beta-2021-07-full", SHARED / "truth"
    if not (full.is_dir() and (truth / "csdl_score.py").is_file()):
        pytest.skip(f"{full} or {truth} is absent: this test needs ../shared (present in CI)")
    dump = tmp_path / "beta.json"
    result = run_gen("-q", "schema", str(full), "--format", "json", "-o", str(dump))
    assert result.returncode == 0, result.stderr
    scorer = runpy.run_path(str(truth / "csdl_score.py"))
    figures = scorer["score"](
        scorer["load_csdl"](str(truth / "csdl-beta-2021-07.xml")), json.loads(dump.read_text()), str(full / "resources")
    )
    below = {name: figures[name] for name, floor in TRUTH_FLOORS.items() if figures[name] < floor}
    assert not below, f"below the floors {TRUTH_FLOORS}: {below}"
