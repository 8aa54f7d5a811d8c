"""Wheel build hook: what the wheel carries prebuilt beside its sources.

1. The report templates, compiled (``reasoner/_data/reports/compiled/``):
   compiling the templates of one text report costs more than answering its
   query.  jinja2's ``compile_templates`` with the renderer's own settings,
   with a manifest of the jinja2 version and the sources' digest; the renderer
   uses them only when both match (``reasoner.reporting.render.template_loader``)
   and otherwise compiles the sources.
2. The bundled knowledge base, the parsed rules, the intervention index, the
   change space and the conclusions (``reasoner/_data/prebuilt/``), built by
   the package's own loaders (validation included: invalid facts fail the
   build) in the format of the user's cache and under the same content keys
   (``reasoner.knowledge.cache.prebuild``).  The first call after installing
   reads them instead of parsing YAML and validating; any other input (a
   ``--facts`` file, an edited rule) has another key and is built as before.

Both are data or code generated from the package's own files at build time,
installed read-only with its modules; nothing is generated at run time.
Editable installs and source checkouts build everything from the sources.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PREBUILD = """
import sys
from reasoner.knowledge import cache
with cache.prebuild(sys.argv[1]):
    from reasoner import api, check
    from reasoner.reasoning import solver
    kb = api.load_kb()
    kb.atoms(kb.scope_atoms())  # every part is read (and so checked) once
    solver.load_program(str(solver.entry_encoding()))
    api.intervention_index(kb)
    api.load_change_space()
    check.load_conclusions()
    from reasoner.knowledge import catalogue
    catalogue.catalogue()  # the wording catalogue, read by every report
"""


class PrebuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        work = self._work = Path(tempfile.mkdtemp(prefix="reasoner-build-"))
        # the renderer's own module, loaded from the source tree by path: the build
        # compiles with exactly the settings and filters the renderer uses
        spec = importlib.util.spec_from_file_location(
            "_reasoner_render_for_build", root / "reasoner" / "reporting" / "render.py"
        )
        render = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = render
        try:
            spec.loader.exec_module(render)
            render.compile_templates(root / "reports" / "templates", work / "compiled")
        finally:
            sys.modules.pop(spec.name, None)
        build_data["force_include"][str(work / "compiled")] = "reasoner/_data/reports/compiled"
        # the package's loaders, from the source tree, in a process of their own
        env = {k: v for k, v in os.environ.items() if k not in ("REASONER_NO_CACHE", "REASONER_CACHE_DIR")}
        env["PYTHONDONTWRITEBYTECODE"] = "1"  # nothing written into the source tree
        env["PYTHONPATH"] = str(root) + os.pathsep + env.get("PYTHONPATH", "")
        env["REASONER_CACHE_DIR"] = str(work / "unused-cache")
        done = subprocess.run(
            [sys.executable, "-c", PREBUILD, str(work / "prebuilt")],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError("prebuilding the knowledge base failed:\n" + done.stderr[-4000:])
        build_data["force_include"][str(work / "prebuilt")] = "reasoner/_data/prebuilt"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
