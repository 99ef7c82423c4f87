"""Where a `mkdocs build` writes: a staging folder beside site/, swapped in for site/ only
once the whole build (every language, every PDF) has succeeded (nisdocs/site_output.py).
A failed or interrupted build, or one that strict mode fails, leaves site/ as it was.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils import CountHandler

from ..site_output import CannotStage, StagedSite, stage

log = logging.getLogger("mkdocs.plugins.nisdocs")


@dataclass
class StagedOutput:
    """The folder the build writes into, and the site it is for."""

    site: StagedSite
    config: MkDocsConfig
    site_dir: str  # config.site_dir as mkdocs read it: the site to replace

    @classmethod
    def start(cls, config: MkDocsConfig) -> StagedOutput | None:
        """Point `site_dir` at an empty staging folder beside site/, before mkdocs
        cleans or writes anything; static-i18n's builds of the other languages, on the
        same config, write there too. None (the site written in place) when no folder
        can be made beside site/."""
        try:
            staged = stage(config.site_dir)
        except CannotStage as error:
            log.info(f"nisdocs: {error}: the site is written in place, so a failed build "
                     "can leave it half-written")
            return None
        output = cls(staged, config, config.site_dir)
        config.site_dir = str(staged.staging)
        log.info(f"nisdocs: building into {staged.staging.name} beside {staged.target}, "
                 "which it replaces once the whole build has succeeded")
        return output

    def publish(self) -> None:
        """The finished site in place of site/ (mkdocs' gh-deploy then pushes site/),
        unless strict mode counted warnings: mkdocs aborts the build right after this
        event, and site/ stays as it was."""
        self.config.site_dir = self.site_dir
        if _strict_warnings(self.config):
            self.site.discard()
            log.info(f"nisdocs: {self.site.target} left as it was: warnings in strict mode")
            return
        try:
            self.site.commit()
        except OSError as error:
            self.site.discard()
            raise PluginError(f"nisdocs: the new site could not replace {self.site.target} "
                              f"(left as it was): {error}") from None
        log.info(f"nisdocs: the new site is in {self.site.target}")

    def discard(self) -> None:
        """The staging folder removed, `site_dir` back to site/, which stays as it was."""
        self.config.site_dir = self.site_dir
        self.site.discard()
        log.info(f"nisdocs: {self.site.target} left as it was")


# The logger strict mode counts on: mkdocs', or ProperDocs' when it runs the build
# (docs/decisions/0001-after-material.md).
_COUNTED_LOGGERS = ("mkdocs", "properdocs")


def _strict_warnings(config: MkDocsConfig) -> bool:
    """Whether strict mode counted a warning so far: mkdocs' build puts a CountHandler on
    its logger in strict mode, and raises once on_post_build is over if it counted any
    (mkdocs/commands/build.py)."""
    return bool(config.strict) and any(
        handler.get_counts() for name in _COUNTED_LOGGERS
        for handler in logging.getLogger(name).handlers if isinstance(handler, CountHandler))
