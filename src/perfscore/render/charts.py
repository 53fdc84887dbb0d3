"""Charts of a scored population (``perfscore[charts]``, matplotlib): the totals with the grade bands shaded,
the units per grade, the mean 得分率 of each 一级指标, and one unit against the population's average.

Each chart is a matplotlib ``Figure`` (shown by a notebook, saved with ``fig.savefig("x.png")``), built
without pyplot, so nothing is left open in a global registry. Labels are Chinese, so a font with Chinese
characters is needed: ``font=`` (a .ttf/.otf/.ttc file or an installed family name), else the environment
variable ``PERFSCORE_FONT``, else the first installed font that has them (Noto Sans CJK, Source Han Sans,
WenQuanYi, Microsoft YaHei, SimHei, PingFang …). When there is none, :class:`FontError` says how to get one,
instead of a chart of empty boxes. Scores are converted to floats here, for drawing only.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import io
import logging
import math
import os
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ArgumentError, FontError, MissingExtraError
from ..intervals import INF, Iv, ray
from ..messages import Term, msg, quoted
from ..numbers import CONTEXT, plain
from ..files import saved

if TYPE_CHECKING:
    from ..population import Population, Unit

#: Installed families known to carry Chinese characters, preferred in this order (sans-serif first).
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "思源黑体", "Source Han Sans",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "微软雅黑", "PingFang SC", "Hiragino Sans GB",
    "Heiti SC", "STHeiti", "SimHei", "黑体", "Sarasa Gothic SC", "HarmonyOS Sans SC", "Droid Sans Fallback",
    "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "宋体",
    "AR PL UMing CN", "AR PL UKai CN", "Noto Sans CJK KR",
)  # fmt: skip
#: Characters a font must have to draw the charts' labels.
PROBE = "总分等级单位数优良中差得率"
#: What to do when no font has them.
NO_FONT = msg("font.none", how=msg("font.how"))
#: Fill colours of the grades, best grade first (those of the 汇总 sheet), and the bars' colours.
GRADE_COLOURS = ("#63BE7B", "#5B9BD5", "#FFC000", "#F4B183", "#E06666")
BAR, AVERAGE = "#4472C4", "#A5A5A5"


# ------------------------------------------------------------------ fonts


def _matplotlib() -> Any:
    try:
        return importlib.import_module("matplotlib")
    except ImportError:
        raise MissingExtraError(msg("extra.charts")) from None


def find_font(font: str | os.PathLike[str] | None = None) -> str:
    """The family the charts are drawn in: ``font`` (a font file, registered with matplotlib, or an installed
    family's name), else ``PERFSCORE_FONT``, else the first installed font with Chinese characters.
    Raises :class:`FontError` when there is none, or when the font given has no Chinese characters."""
    _matplotlib()
    given = font if font is not None else (os.environ.get("PERFSCORE_FONT") or None)
    if given is not None:
        return _given(given, "font=" if font is not None else "PERFSCORE_FONT")
    found = _installed_cjk()
    if found is None:
        raise FontError(NO_FONT)
    return found


def _given(font: str | os.PathLike[str], where: str) -> str:
    manager = importlib.import_module("matplotlib.font_manager")
    text = os.fspath(font)
    path = Path(text).expanduser()
    if path.suffix.lower() in (".ttf", ".otf", ".ttc", ".otc") or path.exists():
        if not path.is_file():
            raise FontError(msg("font.no-file", font=f"{where} {text}"))
        return _registered(str(path.resolve()))
    names = {f.name for f in manager.fontManager.ttflist}
    if text not in names:
        close = difflib.get_close_matches(text, sorted(names), 1)
        if close:
            raise FontError(msg("font.no-family-close", font=f"{where} {text}", close=quoted(close[0])))
        raise FontError(msg("font.no-family", font=f"{where} {text}"))
    if not _covers(manager.findfont(manager.FontProperties(family=text), fallback_to_default=False)):
        raise FontError(msg("font.no-chinese", font=f"{where} {text}", how=msg("font.how")))
    return text


@functools.cache
def _registered(path: str) -> str:
    """A font file added to matplotlib's fonts (once per file), and its family name."""
    manager = importlib.import_module("matplotlib.font_manager")
    try:
        manager.fontManager.addfont(path)
        faces = [f.name for f in manager.fontManager.ttflist if f.fname == path]  # a .ttc holds several
        name = next((f for f in faces if f.endswith((" SC", " CN", " GB"))), None) or str(
            manager.FontProperties(fname=path).get_name())
    except (OSError, RuntimeError, ValueError) as exc:  # FreeType cannot read it
        raise FontError(msg("font.unreadable", font=path, error=str(exc))) from None
    if not _covers(path):
        raise FontError(msg("font.no-chinese", font=path, how=msg("font.how")))
    # A variable font's default face may be light (weight 100): matplotlib then says, for each weight asked,
    # that it fell back to it. That is the font the caller chose, so the notice is left out.
    logging.getLogger("matplotlib.font_manager").addFilter(_WeightNotice(name))
    return name


class _WeightNotice(logging.Filter):
    def __init__(self, family: str) -> None:
        super().__init__()
        self.family = family

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("findfont: Failed to find font weight") and self.family in message)


def _covers(path: str) -> bool:
    """Whether the font file has every character of :data:`PROBE`."""
    try:
        charmap = importlib.import_module("matplotlib.ft2font").FT2Font(path).get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False
    return all(ord(c) in charmap for c in PROBE)


def _installed_cjk() -> str | None:
    """The first installed family with Chinese characters: among the fonts matplotlib knows, a known name, else
    any font that has them; else a font file installed since matplotlib listed the fonts (its list is cached:
    ``apt install fonts-noto-cjk`` after matplotlib's first run is not in it), registered."""
    found = _known_family()
    if found is not None:
        return found
    path = next((p for p in _new_font_files() if _covers(p)), None)
    return _registered(path) if path is not None else None


def _known_family() -> str | None:
    manager = importlib.import_module("matplotlib.font_manager")
    files: dict[str, str] = {}
    for entry in manager.fontManager.ttflist:
        files.setdefault(entry.name, entry.fname)
    for name in CJK_FAMILIES:
        if name in files and _covers(files[name]):
            return name
    # Last Resort maps every character to a box naming its Unicode block: it has them all and draws none.
    others = sorted((name, path) for name, path in files.items() if "last resort" not in name.casefold())
    return next((name for name, path in others if _covers(path)), None)


#: Where the common Chinese fonts are installed (Debian/Ubuntu, Fedora/RHEL, Arch, macOS, Windows).
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/STHeiti Medium.ttc", "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf", "C:/Windows/Fonts/simsun.ttc",
)  # fmt: skip
#: Words in the file names of fonts with Chinese characters: such files are tried first.
_HINTS = ("cjk", "wqy", "droid", "hei", "han", "song", "ming", "kai", "msyh", "pingfang", "sarasa", "sc", "cn", "gb")


def _new_font_files() -> list[str]:
    """Font files matplotlib's cached list does not have: the common places first, then the system's fonts
    whose names hint at Chinese, then the others (at most a few hundred opened)."""
    manager = importlib.import_module("matplotlib.font_manager")
    known = {os.path.normcase(f.fname) for f in manager.fontManager.ttflist}
    system = sorted(manager.findSystemFonts(), key=lambda p: not any(h in Path(p).name.lower() for h in _HINTS))
    found = [p for p in dict.fromkeys([*FONT_FILES, *system]) if os.path.normcase(p) not in known and os.path.isfile(p)]
    return found[:300]


# ------------------------------------------------------------------ figures


def _figure(font: str | os.PathLike[str] | None, size: tuple[float, float]) -> tuple[Any, Any, Callable[[], Any]]:
    """A new Figure with one Axes, its text in the chosen family; the third item restores the settings."""
    matplotlib = _matplotlib()
    family = find_font(font)
    context = matplotlib.rc_context({"font.family": [family], "font.sans-serif": [family], "axes.unicode_minus": False,
                                     "svg.fonttype": "path"})  # fmt: skip
    context.__enter__()
    figure = _chart_class()(figsize=size, layout="constrained")
    return figure, figure.add_subplot(), lambda: context.__exit__(None, None, None)


def _whole_ticks() -> Any:
    """Ticks on whole numbers only: the axis counts units."""
    return importlib.import_module("matplotlib.ticker").MaxNLocator(integer=True)


@functools.cache
def _chart_class() -> Any:
    """matplotlib's Figure, shown by a notebook as a picture even when no pyplot backend is set up."""
    figure: Any = importlib.import_module("matplotlib.figure").Figure
    return type("Chart", (figure,), {"_repr_png_": _png, "__module__": __name__})


def __getattr__(name: str) -> Any:
    """``Chart``, the class of the charts' Figures, made on first use (so a pickled chart loads again)."""
    if name == "Chart":
        return _chart_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def _levels(population: Population) -> list[tuple[str, str, Decimal]]:
    """The 一级指标: code, name and weight of each top-level node, in document order."""
    plan = population.rubric._plan
    return [(plan.nodes[i].code, plan.nodes[i].name, plan.nodes[i].weight) for i in plan.roots]


def _rate(unit: Unit, code: str) -> Decimal | None:
    assert unit.result is not None
    return unit.result[code].rate


def mean_rates(population: Population) -> dict[str, Decimal | None]:
    """The mean 得分率 of each 一级指标 over the scored units (each unit's score ÷ weight, averaged)."""
    scored = population.scored
    found: dict[str, Decimal | None] = {}
    for code, _, _ in _levels(population):
        rates = [r for r in (_rate(u, code) for u in scored) if r is not None]
        found[code] = CONTEXT.divide(sum(rates, Decimal(0)), Decimal(len(rates))) if rates else None
    return found


def grade_bands(population: Population) -> list[tuple[str, Iv]]:
    """The grades decided by the total (``优 ≥ 90``, ``良 [80, 90)``), each with its interval within
    [0, maximum]; grades decided by a condition (当 …) or 否则 have no band of their own."""
    maximum = population.rubric.maximum
    whole = Iv(Decimal(0), maximum)
    bands: list[tuple[str, Iv]] = []
    for grade in population.rubric.ast.grades:
        condition: Any = grade.condition
        if hasattr(condition, "op"):
            pieces = ray(condition.op, condition.value.value)
        elif hasattr(condition, "low_closed"):
            pieces = [Iv(condition.low.value, condition.high.value, condition.low_closed, condition.high_closed)]
        else:
            continue
        for piece in pieces:
            band = piece.meet(whole)
            if not band.empty:
                bands.append((grade.label, band))
    return bands


def _grade_counts(population: Population) -> list[tuple[str, int]]:
    counts: dict[str, int] = {g.label: 0 for g in population.rubric.ast.grades}
    for unit in population.scored:
        label = unit.grade or "无等级"
        counts[label] = counts.get(label, 0) + 1
    return list(counts.items())


def _colour(population: Population) -> dict[str, str]:
    labels = [g.label for g in population.rubric.ast.grades]
    return {g: GRADE_COLOURS[min(k, len(GRADE_COLOURS) - 1)] for k, g in enumerate(labels)}


def _require_scored(population: Population) -> tuple[Unit, ...]:
    scored = population.scored
    if not scored:
        raise ArgumentError(msg("chart.nothing-scored"), population.rubric._language)
    return scored


def totals_chart(population: Population, *, font: str | os.PathLike[str] | None = None, bins: int | None = None) -> Any:
    """总分分布: a histogram of the totals, the grade bands shaded behind it, and the mean as a dashed line."""
    scored = _require_scored(population)
    totals = [float(u.total) for u in scored if u.total is not None]
    maximum = float(population.rubric.maximum)
    figure, axes, done = _figure(font, (8, 4.5))
    try:
        step = maximum / (bins or 50)
        low = max(0.0, math.floor((min(totals) - step) / 10) * 10)
        edges = [low + k * step for k in range(round((maximum - low) / step) + 1)]
        if edges[-1] < maximum:
            edges.append(maximum)
        colours = _colour(population)
        counts = dict(_grade_counts(population))
        for label, band in grade_bands(population):
            left, right = max(float(band.lo), low), float(band.hi) if band.hi != INF else maximum
            if right <= left:
                continue
            axes.axvspan(left, right, color=colours.get(label, AVERAGE), alpha=0.18, linewidth=0, label="_band")
            # just inside the frame (at 1.0 the first line touched it), above the bars and the mean line
            axes.text((left + right) / 2, 0.98, f"{label}\n{counts.get(label, 0)} 个", transform=axes.get_xaxis_transform(),
                      ha="center", va="top", fontsize=9)  # fmt: skip
        axes.hist(totals, bins=edges, color=BAR, edgecolor="white", linewidth=0.5)
        mean = sum(totals) / len(totals)
        axes.axvline(mean, ymax=0.85, color="#404040", linestyle="--", linewidth=1)  # stops below the band labels
        axes.annotate(f"平均 {mean:.2f}", (mean, 0.70), xycoords=("data", "axes fraction"), xytext=(4, 0),
                      textcoords="offset points", fontsize=9)  # fmt: skip
        axes.set_xlim(low, maximum)
        axes.set_ylim(0, axes.get_ylim()[1] * 1.25)  # room for the band labels
        axes.yaxis.set_major_locator(_whole_ticks())
        axes.set_xlabel("总分")
        axes.set_ylabel("单位数")
        axes.set_title(f"总分分布（{len(totals)} 个单位）")
        return figure
    finally:
        done()


def grades_chart(population: Population, *, font: str | os.PathLike[str] | None = None) -> Any:
    """各等级单位数: a bar per grade in the rubric's order (a grade no unit has shows as 0), count and share."""
    scored = _require_scored(population)
    counts = _grade_counts(population)
    colours = _colour(population)
    figure, axes, done = _figure(font, (6, 4))
    try:
        labels = [label for label, _ in counts]
        bars = axes.bar(labels, [n for _, n in counts], color=[colours.get(g, AVERAGE) for g in labels])
        axes.bar_label(bars, labels=[f"{n}（{n / len(scored):.1%}）" for _, n in counts], padding=2, fontsize=9)
        axes.set_ylim(0, max(n for _, n in counts) * 1.15 + 1)
        axes.yaxis.set_major_locator(_whole_ticks())
        axes.set_xlabel("等级")
        axes.set_ylabel("单位数")
        axes.set_title(f"各等级单位数（{len(scored)} 个单位）")
        return figure
    finally:
        done()


def groups_chart(population: Population, *, font: str | os.PathLike[str] | None = None) -> Any:
    """一级指标平均得分率: a horizontal bar per 一级指标, its mean 得分率 over the scored units."""
    _require_scored(population)
    levels = _levels(population)
    rates = mean_rates(population)
    figure, axes, done = _figure(font, (7, 0.6 * len(levels) + 1.6))
    try:
        names = [f"{code} {name}（{plain(weight)}分）" for code, name, weight in levels]
        values = [float(rates[code] or 0) * 100 for code, _, _ in levels]
        bars = axes.barh(names, values, color=BAR)
        axes.bar_label(bars, labels=[f"{v:.1f}%" for v in values], padding=3, fontsize=9)
        axes.invert_yaxis()  # the first 一级指标 on top, as in the rubric
        axes.set_xlim(0, 110)
        axes.set_xlabel("平均得分率（%）")
        axes.set_title(f"一级指标平均得分率（{len(population.scored)} 个单位）")
        return figure
    finally:
        done()


def unit_chart(population: Population, unit: str, *, font: str | os.PathLike[str] | None = None) -> Any:
    """One unit against the population: its 得分率 on each 一级指标 beside the mean of all scored units."""
    _require_scored(population)
    chosen = population[unit]
    if chosen.result is None:
        raise ArgumentError(msg("chart.unit-not-scored", unit=unit), population.rubric._language)
    levels = _levels(population)
    rates = mean_rates(population)
    ranks = population.ranks()
    figure, axes, done = _figure(font, (7, 0.8 * len(levels) + 1.8))
    try:
        names = [f"{code} {name}" for code, name, _ in levels]
        own = [float(_rate(chosen, code) or 0) * 100 for code, _, _ in levels]
        mean = [float(rates[code] or 0) * 100 for code, _, _ in levels]
        positions = list(range(len(levels)))
        height = 0.38
        mine = axes.barh([p - height / 2 for p in positions], own, height, color=BAR, label="本单位")
        everyone = axes.barh([p + height / 2 for p in positions], mean, height, color=AVERAGE, label="全体平均")
        axes.bar_label(mine, labels=[f"{v:.1f}%" for v in own], padding=3, fontsize=8)
        axes.bar_label(everyone, labels=[f"{v:.1f}%" for v in mean], padding=3, fontsize=8)
        axes.set_yticks(positions, names)
        axes.invert_yaxis()
        axes.set_xlim(0, 115)
        axes.set_xlabel("得分率（%）")
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=9, frameon=False)
        result = chosen.result
        axes.set_title(f"{chosen.id}：总分 {result.total}，等级 {result.grade or '无'}，"
                       f"排名 {ranks[chosen.id]}/{len(population.scored)}")  # fmt: skip
        return figure
    finally:
        done()


#: The charts by the name ``perfscore chart --kind`` and ``Population.chart`` take, with a Chinese alias each.
KINDS: dict[str, Callable[..., Any]] = {"totals": totals_chart, "grades": grades_chart, "groups": groups_chart,
                                        "unit": unit_chart}  # fmt: skip
ALIASES = {"总分分布": "totals", "等级": "grades", "一级指标": "groups", "单位": "unit"}
#: File types a chart is saved as.
SUFFIXES = (".png", ".svg", ".pdf")


def chart(population: Population, kind: str, *, unit: str | None = None,
          font: str | os.PathLike[str] | None = None) -> Any:  # fmt: skip
    """The chart of that kind (totals, grades, groups, unit; or 总分分布, 等级, 一级指标, 单位) as a Figure."""
    name = ALIASES.get(kind, kind)
    if name not in KINDS:
        close = difflib.get_close_matches(kind, [*KINDS, *ALIASES], 1)
        kinds = Term("、".join(KINDS), ", ".join(KINDS))
        if close:
            raise ArgumentError(msg("chart.no-kind-close", kind=quoted(kind), kinds=kinds, close=quoted(close[0])),
                                population.rubric._language)  # fmt: skip
        raise ArgumentError(msg("chart.no-kind", kind=quoted(kind), kinds=kinds), population.rubric._language)
    if name == "unit":
        if unit is None:
            raise ArgumentError(msg("chart.name-unit"), population.rubric._language)
        return unit_chart(population, unit, font=font)
    if unit is not None:
        raise ArgumentError(msg("chart.unit-not-for", kind=name), population.rubric._language)
    return KINDS[name](population, font=font)


def save(figure: Any, path: str | os.PathLike[str], suffix: str | None = None) -> None:
    """Write a chart to a .png (150 dpi), .svg or .pdf file, by its suffix (or ``suffix``)."""
    suffix = (suffix or Path(path).suffix).lower()
    if suffix not in SUFFIXES:
        raise ArgumentError(msg("cli.chart-suffix", path=os.fspath(path), suffixes=", ".join(SUFFIXES)))
    saved(path, lambda target: figure.savefig(target, dpi=150, format=suffix[1:]))


def write_charts(population: Population, directory: str | os.PathLike[str], *, kinds: Sequence[str] = ("totals",
                 "grades", "groups"), suffix: str = ".png", font: str | os.PathLike[str] | None = None) -> list[Path]:  # fmt: skip
    """Each chart of ``kinds`` saved in ``directory`` as 总分分布.png, 等级.png, 一级指标.png; the paths written."""
    names = {v: k for k, v in ALIASES.items()}
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds:
        path = folder / f"{names[ALIASES.get(kind, kind)]}{suffix}"
        save(chart(population, kind, font=font), path)
        written.append(path)
    return written
