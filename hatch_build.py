"""Wheel build hook: precompile the report templates into the wheel.

Compiling the templates of one text report costs more than answering its query, so
the wheel carries them compiled (``reasoner/_data/reports/compiled/``, jinja2's
``compile_templates`` with the renderer's own settings) beside their sources, with a
manifest of the jinja2 version and the sources' digest.  At run time the renderer
uses them only when both match (``reasoner.reporting.render.template_loader``) and
otherwise compiles the sources.  Editable installs and source checkouts compile the
sources.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompiledTemplatesHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        # the renderer's own module, loaded from the source tree by path: the build
        # compiles with exactly the settings and filters the renderer uses
        spec = importlib.util.spec_from_file_location(
            "_reasoner_render_for_build", root / "reasoner" / "reporting" / "render.py")
        render = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = render
        try:
            spec.loader.exec_module(render)
            out = Path(tempfile.mkdtemp(prefix="reasoner-templates-")) / "compiled"
            render.compile_templates(root / "reports" / "templates", out)
        finally:
            sys.modules.pop(spec.name, None)
        build_data["force_include"][str(out)] = "reasoner/_data/reports/compiled"
