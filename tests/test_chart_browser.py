"""The charts in a real browser (Debian's chromium, driven by Playwright): each drawn at the width
it is shown at, on a desktop and on a phone, in both languages, and no white box in dark mode."""

import base64
import re

import pytest

CHART_PAGES = ["rural-industry/", "results-2008-2012/", "results-2012-2022/"]
VIEWPORTS = [1280, 390]
LANGUAGES = {"vi": "", "en": "en/"}

# Each shown chart image, scrolled into view so that it loads (loading="lazy"): the file it shows
# (img.currentSrc) and its displayed width, with the background behind it (its own, or the first
# ancestor's that is not transparent).
SHOWN_CHARTS = """async () => {
  const shown = [...document.querySelectorAll('figure.chart img')].filter(img => img.checkVisibility());
  const found = [];
  for (const img of shown) {
    img.scrollIntoView();
    await img.decode().catch(() => null);
    let element = img, background = 'rgba(0, 0, 0, 0)';
    while (element && /rgba\\(0, 0, 0, 0\\)|transparent/.test(background)) {
      background = getComputedStyle(element).backgroundColor;
      element = element.parentElement;
    }
    const svg = await (await fetch(img.currentSrc)).text();
    found.push({src: img.currentSrc, shown: img.clientWidth, svg: svg.match(/<svg\\b[^>]*>/)[0],
                background, id: img.closest('figure').id});
  }
  return found;
}"""

# The mean lightness (0 to 1) of an element's pixels as the browser paints them.
MEAN_LIGHTNESS = """async (png) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + png;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  let sum = 0;
  for (let i = 0; i < pixels.length; i += 4) sum += (pixels[i] + pixels[i + 1] + pixels[i + 2]) / 765;
  return sum / (pixels.length / 4);
}"""


def shown_charts(browser, url: str, width: int, scheme: str | None = None):
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(url)
    if scheme:
        tab.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    return context, tab, tab.evaluate(SHOWN_CHARTS)


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_chart_is_drawn_at_the_width_it_is_shown(browser, served_site, language, width):
    count = 0
    for page in CHART_PAGES:
        context, _, charts = shown_charts(browser, served_site + LANGUAGES[language] + page, width)
        context.close()
        assert charts, f"no chart shown on {page}"
        for chart in charts:
            drawn = float(re.search(r'\bwidth="([\d.]+)"', chart["svg"]).group(1))
            assert abs(chart["shown"] - drawn) <= 0.08 * drawn, (page, chart["src"], drawn, chart["shown"])
            count += 1
    assert count >= 4


def white(colour: str) -> bool:
    return colour.replace(" ", "") in ("rgb(255,255,255)", "rgba(255,255,255,1)", "#fff", "white")


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_chart_is_a_white_box_in_dark_mode(browser, served_site, language, width):
    for page in CHART_PAGES:
        context, tab, charts = shown_charts(browser, served_site + LANGUAGES[language] + page, width, "slate")
        try:
            assert charts, f"no chart shown on {page}"
            for chart in charts:
                assert not white(chart["background"]), (page, chart["src"], chart["background"])
                # What the reader sees: the image as painted is dark, not a white card.
                shot = tab.locator(f"#{chart['id']} img:visible").screenshot()
                lightness = tab.evaluate(MEAN_LIGHTNESS, base64.b64encode(shot).decode())
                assert lightness < 0.5, (page, chart["src"], lightness)
        finally:
            context.close()
