"""What every page shares: the site's identity and navigation, and `Urls`, the one place that knows where each
page lives (every link in the site is built from it, relative to the page that links)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..i18n import N_, Translator


class Urls:
    """Paths of the site's pages and files, from the site's root (templates prefix them with `root`)."""

    @staticmethod
    def home() -> str:
        return "index.html"

    @staticmethod
    def periods() -> str:
        return "periods/index.html"

    @staticmethod
    def period(period_id: str, board_id: str | None = None) -> str:
        return f"periods/{period_id}/index.html" + (f"#board-{board_id}" if board_id else "")

    @staticmethod
    def unit(unit_id: str, anchor: str | None = None) -> str:
        return f"units/{unit_id}/index.html" + (f"#{anchor}" if anchor else "")

    @staticmethod
    def indicators() -> str:
        return "indicators/index.html"

    @staticmethod
    def indicator(indicator_id: str) -> str:
        return f"indicators/{indicator_id}/index.html"

    @staticmethod
    def years() -> str:
        return "years/index.html"

    @staticmethod
    def year(year: int) -> str:
        return f"years/{year}/index.html"

    @staticmethod
    def notices() -> str:
        return "notices/index.html"

    @staticmethod
    def notice(slug: str) -> str:
        return f"notices/{slug}/index.html"

    @staticmethod
    def tasks(task_id: str | None = None) -> str:
        return "tasks/index.html" + (f"#task-{task_id}" if task_id else "")

    @staticmethod
    def method() -> str:
        return "method/index.html"

    @staticmethod
    def search() -> str:
        return "search/index.html"

    @staticmethod
    def data(name: str, suffix: str) -> str:
        return f"data/{name}.{suffix}"

    @staticmethod
    def pdf(name: str) -> str:
        return f"pdf/{name}.pdf"

    @staticmethod
    def static(name: str) -> str:
        return f"static/{name}"


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    path: str


@dataclass(frozen=True)
class SiteView:
    title: str
    organization: str
    contact: str
    lang: str
    html_lang: str
    published: date  # the reference date: the publication date
    data_date: date | None  # 统计截至: the end of the latest period shown
    version: str
    nav: tuple[NavItem, ...]
    pdf_links: bool


NAV = (("home", N_("首页"), Urls.home()), ("periods", N_("各期晾晒"), Urls.periods()),
       ("indicators", N_("考核指标"), Urls.indicators()), ("years", N_("年度档案"), Urls.years()),
       ("notices", N_("通报公告"), Urls.notices()), ("tasks", N_("揭榜领题"), Urls.tasks()),
       ("method", N_("考核办法"), Urls.method()))


def site_view(title: str, organization: str, contact: str, lang: str, published: date, data_date: date | None,
              version: str, pdf_links: bool, tr: Translator) -> SiteView:
    nav = tuple(NavItem(key, tr(label), path) for key, label, path in NAV)
    return SiteView(title, organization, contact, lang, "en" if lang.startswith("en") else "zh-CN", published, data_date,
                    version, nav, pdf_links)
