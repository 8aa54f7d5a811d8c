"""Precompiled templates (issue 15): the wheel carries the report templates compiled by
jinja2 (hatch_build.py), and the renderer uses them only for exactly these sources
and this jinja2 version; every output is byte-identical to compiling the sources."""

import json

import jinja2
import pytest

from reasoner import api
from reasoner.knowledge.paths import templates_dir
from reasoner.reporting import render


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    out = tmp_path_factory.mktemp("compiled")
    render.compile_templates(templates_dir(), out)
    return out


def _env(loader):
    return render.add_globals(render.new_environment(loader))


def _outputs(monkeypatch, env) -> dict[str, str]:
    monkeypatch.setattr(render, "environment", lambda: env)
    out = {}
    answers = api.suggest_many(None)
    for s in answers:
        ctx = s.context
        for fmt in ("text", "md", "html", "fragment"):
            out[f"{ctx.disease}/{ctx.stage}/{fmt}"] = render.render(s, fmt)
    ex = api.explain("ucmsc_exos_mir_20a", "hepatic_IR", "reperfusion")
    p = api.plan("hepatic_IR", ["osteosarcoma"])
    for fmt in ("text", "md", "html"):
        out[f"explain/{fmt}"] = render.render(ex, fmt)
        out[f"plan/{fmt}"] = render.render(p, fmt)
    out["index"] = render.render_index([{"file": "a.html", "result": s} for s in answers[:3]], "notice")
    return out


def _context() -> dict:
    s = api.suggest("hepatic_IR", "reperfusion")
    return dict(
        r=s,
        cited=render.Citer(),
        review=render.Review(),
        fragment=False,
        labels={},
        stage_names={},
        candidate_ids=[c.id for c in s.candidates],
    )


def test_every_template_compiles_with_a_manifest(compiled):
    names = sorted(p.name for p in templates_dir().glob("*.j2"))
    modules = {p.name for p in compiled.glob("tmpl_*.py")}
    assert modules == {jinja2.ModuleLoader.get_module_filename(n) for n in names}
    manifest = json.loads((compiled / render.MANIFEST).read_text())
    assert manifest == {"jinja2": jinja2.__version__, "templates": render.templates_digest(templates_dir())}


def test_compiled_loader_is_used_when_the_manifest_matches(compiled):
    loader = render.template_loader(templates_dir(), compiled)
    assert isinstance(loader, jinja2.ChoiceLoader)
    assert isinstance(loader.loaders[0], jinja2.ModuleLoader)
    # the template comes from its compiled module, not from compiling the file
    tpl = _env(loader).get_template("suggestion.txt.j2")
    assert tpl.filename == str(compiled / jinja2.ModuleLoader.get_module_filename("suggestion.txt.j2"))


def test_compiled_outputs_equal_the_sources(compiled, monkeypatch):
    from_source = _outputs(monkeypatch, _env(jinja2.FileSystemLoader(str(templates_dir()))))
    from_modules = _outputs(monkeypatch, _env(render.template_loader(templates_dir(), compiled)))
    assert len(from_source) > 150
    assert from_modules.keys() == from_source.keys()
    for key in from_source:
        assert from_modules[key] == from_source[key], key


@pytest.mark.parametrize(
    "damage", ["other jinja2", "edited template", "no manifest", "garbage manifest", "list manifest"]
)
def test_sources_are_used_unless_the_compiled_code_is_of_them(compiled, tmp_path, damage):
    import shutil

    comp = tmp_path / "compiled"
    shutil.copytree(compiled, comp)
    templates = tmp_path / "templates"
    shutil.copytree(templates_dir(), templates)
    manifest = comp / render.MANIFEST
    if damage == "other jinja2":
        m = json.loads(manifest.read_text())
        manifest.write_text(json.dumps({**m, "jinja2": "0.0.1"}))
    elif damage == "edited template":
        p = templates / "suggestion.txt.j2"
        p.write_text(p.read_text() + "\nedited\n")
    elif damage == "no manifest":
        manifest.unlink()
    elif damage == "garbage manifest":
        manifest.write_bytes(b"\xff{not json")
    else:
        manifest.write_text("[]")
    loader = render.template_loader(templates, comp)
    assert isinstance(loader, jinja2.FileSystemLoader)
    if damage == "edited template":  # the edit shows in what is rendered
        tpl = _env(loader).get_template("suggestion.txt.j2")
        assert tpl.filename == str(templates / "suggestion.txt.j2")
        assert tpl.render(**_context()).endswith("\nedited\n")


def test_text_sections_are_set_apart_by_one_blank_line():
    """No text answer carries two blank lines in a row (they came after caveat blocks)."""
    outs = [render.render(s, "text") for s in api.suggest_many(None)]
    outs += [
        render.render(api.explain(iv, "hepatic_IR", "reperfusion"), "text")
        for iv in ("ucmsc_exos_mir_20a", "bmsc_hlc_exos")
    ]
    outs.append(
        render.render(
            api.suggest("hepatic_IR", "ischaemia", comorbid=["osteosarcoma", "MI:reperfusion"]), "text"
        )
    )
    for out in outs:
        lines = out.split("\n")
        doubles = [
            i
            for i in range(len(lines) - 1)
            if not lines[i].strip() and not lines[i + 1].strip() and i + 1 < len(lines) - 1
        ]
        assert not doubles, (out.splitlines()[0], doubles[:3])
