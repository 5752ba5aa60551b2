"""What the command modules share: the site's language, the consoles, and the one edge where every error —
ours, or a usage error of the command line itself — becomes a clean message (never a traceback)."""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import ContentError, GongshiError, Message, UsageError
from .i18n import N_, SOURCE_LANG, Translator, available_langs, normalise_lang


def site_lang(content: Path) -> str | None:
    """The language of the site at `content`, read early so that even errors about site.toml are in it."""
    from .errors import GongshiError
    from .load.encoding import decode_text
    from .load.files import MAX_TEXT_BYTES, read_inside

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
    """stdout and stderr, through rich (markup and emoji codes off: texts from users, and `file:100:` locations,
    are printed as they are). The rich consoles are made when first used: a line without style is written
    as it is, so that a build with nothing to do (one line) does not import rich."""

    def __init__(self) -> None:
        self._out: Any = None
        self._err: Any = None

    @property
    def out(self) -> Any:
        if self._out is None:
            from rich.console import Console

            self._out = Console(highlight=False, soft_wrap=True, emoji=False)
        return self._out

    @property
    def err(self) -> Any:
        if self._err is None:
            from rich.console import Console

            self._err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
        return self._err

    def say(self, text: str) -> None:
        if self._out is None:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
        else:
            self._out.print(text, markup=False)

    def warn(self, text: str) -> None:
        self.err.print(text, style="yellow", markup=False)

    def error(self, text: str) -> None:
        self.err.print(text, style="bold red", markup=False)


def reference_day(option: str | None, consoles: Consoles, tr: Translator) -> Any:
    """The reference date of a command (`--today`, else SOURCE_DATE_EPOCH, else the clock, which is said)."""
    from .reference import reference_date

    today, source = reference_date(option)
    if source == "clock":
        consoles.warn(tr("未指定参考日期（--today），按本机时钟取 {date} 为发布日期和统计预警的基准。", date=today.isoformat()))
    return today


def stage_cache(folder: Path | None) -> Any:
    """The stage cache of a command that computes without building (None: a cache that keeps nothing)."""
    from .cache import StageCache, code_digest
    from .parallel import default_jobs

    return StageCache(folder, code_digest(), default_jobs())


def examine_as(content: Path, today: Any, strict: bool, format: str, consoles: Consoles, tr: Translator,
               cache: Path | None = None) -> Any:
    """`build.examine` for a command that prints text or JSON: with `--format json` the problems are printed
    as JSON (exit 1) instead of raised to the one edge. The stages are served from `cache`, else from the
    build's default cache (./.gongshi-cache) when there is one: checking after a build recomputes only what
    changed since."""
    from .build import examine
    from .state import default_cache

    if format not in ("text", "json"):
        raise UsageError("usage.choice", name="--format", known=("text", "json"), value=format)
    folder = cache if cache is not None else default_cache(Path("site"))
    stages = stage_cache(folder) if cache is not None or folder.is_dir() else None
    try:
        return examine(content, reference_day(today, consoles, tr), stages=stages, strict=strict)
    except ContentError as error:
        if format != "json":
            raise
        import typer

        consoles.say(json.dumps({"ok": False, "problems": [p.as_dict(tr) for p in error.problems]},
                                ensure_ascii=False, indent=1))
        raise typer.Exit(1) from None


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
    if may_show_help(args):
        translate_typer(tr)  # Typer's own help words (Usage, Options, [default: …]) in the site's language
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


# Commands that show no help unless asked (`--help`): for them Typer's help words need not be translated,
# which spares importing typer.rich_utils (and rich's Markdown) on every run.
LEAF_COMMANDS = frozenset({"init", "validate", "build", "serve", "doctor", "check", "diff", "whatif"})


def may_show_help(args: Sequence[str]) -> bool:
    return not args or args[0] not in LEAF_COMMANDS or "--help" in args


# Typer's own words in `--help`, from our catalogue. Typer 0.29 no longer uses Click: it vendors a copy as
# `typer._click` in which these words are hard-coded in English — "Usage: " as a default argument, "Show this
# message and exit." in the help option's decorator, the panel titles and "[default: …]" as module constants
# of typer.rich_utils (read when help is printed), the type labels (<path>, <int>) built from Python's type
# names — with no hook to translate them. So they are set here, each time an app is made for a language
# (private API: the pinned typer version; tests/test_cli.py shows --help in both languages). Error messages
# are not touched: `run` words usage errors itself, from the exception's type.
TYPE_WORDS = {"bool": N_("开关"), "int": N_("整数"), "float": N_("数值"), "str": N_("文本"), "text": N_("文本"),
              "path": N_("路径"), "file": N_("文件"), "directory": N_("目录"), "datetime": N_("日期时间")}
USAGE_PREFIX, HELP_OPTION_HELP = N_("用法："), N_("显示此帮助并退出。")
_typer_words: dict[str, Translator] = {}


def translate_typer(tr: Translator) -> None:
    """Typer's help words in `tr`'s language from now on (see above)."""
    from typer import core, rich_utils
    from typer._click import core as click_core
    from typer._click import formatting

    rich_utils.ARGUMENTS_PANEL_TITLE = tr("参数")
    rich_utils.OPTIONS_PANEL_TITLE = tr("选项")
    rich_utils.COMMANDS_PANEL_TITLE = tr("命令")
    rich_utils.DEFAULT_STRING = tr("[默认：{value}]").replace("{value}", "{}")
    rich_utils.ENVVAR_STRING = tr("[环境变量：{value}]").replace("{value}", "{}")
    rich_utils.REQUIRED_LONG_STRING = tr("[必填]")
    rich_utils.DEPRECATED_STRING = tr("（已弃用）")
    first = not _typer_words
    _typer_words["tr"] = tr
    if not first:
        return  # the wrappers below read the current translator: installed once

    def words() -> Translator:
        return _typer_words["tr"]

    write_usage = formatting.HelpFormatter.write_usage

    def translated_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, words()(USAGE_PREFIX) if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = translated_usage  # type: ignore[method-assign]
    get_help_option = click_core.Command.get_help_option

    def translated_help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = words()(HELP_OPTION_HELP)
        return option

    click_core.Command.get_help_option = translated_help_option  # type: ignore[method-assign]
    for kind in (core.TyperOption, core.TyperArgument):
        display = kind.display_type_rich

        def translated_type(self: Any, ctx: Any, display: Callable[..., str | None] = display) -> str | None:
            shown = display(self, ctx)
            if shown and shown.startswith("<") and shown.endswith(">") and shown[1:-1] in TYPE_WORDS:
                return "<" + words()(TYPE_WORDS[shown[1:-1]]) + ">"
            return shown

        kind.display_type_rich = translated_type  # type: ignore[method-assign]
