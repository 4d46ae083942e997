"""A click group that runs a default subcommand when no subcommand is named, so
``cloudlet deploy [DIR]`` and ``cloudlet deploy function -f NAME`` (or ``cloudlet invoke
-f NAME`` and ``cloudlet invoke local -f NAME``) live side by side, as in ``sls``."""

from __future__ import annotations

import click

from cloudlet.cli.lazy_group import LazyGroup


class DefaultGroup(LazyGroup):
    """Arguments that do not start with a subcommand's name go to ``default``."""

    def __init__(self, *args: object, default: str, lazy: dict[str, str] | None = None,
                 **kwargs: object) -> None:
        super().__init__(*args, lazy=lazy, **kwargs)
        self.default = default

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or args[0] not in self.list_commands(ctx):
            args = [self.default, *args]
        return super().parse_args(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        command = self.get_command(ctx, self.default)
        assert command is not None
        command.format_help(ctx, formatter)
        others = [name for name in self.list_commands(ctx) if name != self.default]
        if others:
            formatter.write_paragraph()
            formatter.write_text("Also: " + ", ".join(f"{ctx.info_name} {n}" for n in others)
                                 + " (see --help of each).")
