"""What the command modules share: the site's language, the consoles, and the one edge where every error —
ours, or a usage error of the command line itself — becomes a clean message (never a traceback)."""

from __future__ import annotations

import os
import re
import sys
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import ContentError, GongshiError, Message
from .i18n import SOURCE_LANG, Translator, available_langs, normalise_lang


def site_lang(content: Path) -> str | None:
    """The language of the site at `content`, read early so that even errors about site.toml are in it."""
    from .errors import GongshiError
    from .load.files import MAX_TEXT_BYTES, read_inside
    from .load.tables import decode_text

    try:
        # As the loader reads it: a regular file inside the folder (a FIFO named site.toml would block for
        # ever, a link to /dev/zero never end), in any encoding the loader accepts.
        data, _ = read_inside(content, content / "site.toml", MAX_TEXT_BYTES) if content.is_dir() else (None, [])
        if data is None:
            return None
        site = tomllib.loads(decode_text(data, "site.toml")).get("site", {})
    except (OSError, ValueError, GongshiError, RecursionError):
        return None
    lang = site.get("lang", SOURCE_LANG) if isinstance(site, dict) else None  # without `lang`, the site is zh-CN
    return lang if isinstance(lang, str) and lang in available_langs() else None


def cli_lang(argv: Sequence[str]) -> str:
    """The language of the command line: the site's named on it (or ./content's), else the environment's."""
    for argument in argv:
        if not argument.startswith("-") and (lang := site_lang(Path(argument))):
            return lang
    if lang := site_lang(Path("content")):
        return lang
    environment = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return normalise_lang(environment.split(".")[0].replace("_", "-")) if environment.lower().startswith("en") else "zh-CN"


class Consoles:
    """stdout and stderr, through rich (markup off: texts from users are printed as they are)."""

    def __init__(self) -> None:
        from rich.console import Console

        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)

    def say(self, text: str) -> None:
        self.out.print(text, markup=False)

    def warn(self, text: str) -> None:
        self.err.print(text, style="yellow", markup=False)

    def error(self, text: str) -> None:
        self.err.print(text, style="bold red", markup=False)


def build_summary(result: Any, site: Path, tr: Translator) -> str:
    """What a build did, in one line (`result`: a BuildResult)."""
    if not result.written:
        return tr("内容没有变化，{site} 保持原样。", site=site)
    if result.reused:
        return tr("已生成 {site}：{pages} 个页面，共 {files} 个文件（本次生成 {made} 个，{reused} 个未变、沿用上次）。",
                  site=site, pages=result.pages, files=result.files, made=result.made, reused=result.reused)
    return tr("已生成 {site}：{pages} 个页面，共 {files} 个文件。", site=site, pages=result.pages, files=result.files)


def report(error: GongshiError, tr: Translator, consoles: Consoles) -> int:
    """Print an error for a clerk: every problem as `file:row:column: message`, then what it means."""
    for line in error.lines(tr):
        consoles.err.print(line, markup=False)
    if isinstance(error, ContentError):
        consoles.error(Message.of("problems_found", count=len(error.problems)).text(tr))
    return error.exit_code


def _usage_message(error: Any, tr: Translator) -> Message:
    from typer._click import exceptions as cx

    name = _param_name(error)
    if isinstance(error, cx.NoSuchOption):
        hint = Message.of("usage.option_hint", names=tuple(sorted(error.possibilities))) if error.possibilities else ""
        return Message.of("usage.no_option", name=error.option_name, hint=hint)
    if isinstance(error, cx.MissingParameter):
        return Message.of("usage.missing_param", name=name)
    if isinstance(error, cx.BadOptionUsage) and " requires " in error.message:  # `--today` without its value
        return Message.of("usage.missing_param", name=error.option_name)
    if isinstance(error, cx.BadParameter):
        if "integer" in error.message:
            return Message.of("usage.not_integer", name=name)
        return Message.of("usage.bad_param", name=name, value=error.message)
    commands: tuple[str, ...] = ()
    if error.ctx is not None and hasattr(error.ctx.command, "list_commands"):
        commands = tuple(error.ctx.command.list_commands(error.ctx))
    if (found := re.match(r"No such command '(.+?)'\.", error.message)):  # may go on: " Did you mean 'build'?"
        return Message.of("usage.no_command", name=found.group(1), known=commands)
    if error.message.startswith("Missing command"):
        return Message.of("usage.missing_command", known=commands)
    if (found := re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", error.message)):
        return Message.of("usage.extra_args", args=found.group(1))
    return Message.of("usage.other", detail=error.message)


def _param_name(error: Any) -> str:
    hint = getattr(error, "param_hint", None)
    if hint:
        return " / ".join(hint) if not isinstance(hint, str) else hint
    param = getattr(error, "param", None)
    if param is None:
        return ""
    opts = getattr(param, "opts", None)
    return " / ".join(opts) if opts and getattr(param, "param_type_name", "") == "option" else (param.name or "").upper()


def run(make_app: Callable[[Translator, Consoles], Any], argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status. The one place where errors become words."""
    import typer
    from typer._click import exceptions as cx

    args = list(sys.argv[1:] if argv is None else argv)
    tr = Translator(cli_lang(args))
    consoles = Consoles()
    app = make_app(tr, consoles)
    try:
        result = app(args=args, prog_name="gongshi", standalone_mode=False)
        if result == 130:  # Typer turns Ctrl+C inside a command into exit status 130, silently
            consoles.err.print(Message.of("usage.interrupted").text(tr), markup=False)
        return result if isinstance(result, int) else 0
    except GongshiError as error:
        return report(error, tr, consoles)
    except typer.Exit as done:
        return int(done.exit_code or 0)
    except cx.NoArgsIsHelpError as shown:
        consoles.err.print(shown.format_message(), markup=False)
        return 2
    except cx.UsageError as error:
        consoles.error(_usage_message(error, tr).text(tr))
        command = error.ctx.command_path if error.ctx is not None else "gongshi"
        consoles.err.print(Message.of("usage.help_hint", command=command).text(tr), markup=False)
        return 2
    except (typer.Abort, KeyboardInterrupt):
        consoles.err.print(Message.of("usage.interrupted").text(tr), markup=False)
        return 130
    except cx.ClickException as error:
        consoles.error(Message.of("usage.other", detail=error.format_message()).text(tr))
        return error.exit_code
    except Exception as error:  # a defect of the program: one line that says so, not a traceback
        if os.environ.get("GONGSHI_DEBUG", "").strip() not in ("", "0"):
            raise
        consoles.error(Message.of("internal", kind=type(error).__name__).text(tr))
        return 70
