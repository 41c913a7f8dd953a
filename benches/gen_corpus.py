#!/usr/bin/env python3
"""Synthetic sites for herald's benchmark: the same articles laid out for herald and its peers.

Writes N articles of 800 to 1,500 words about social media optimization, spread over five
sections. Each has YAML front matter (title, description, date, authors, tags and one comparison
table as data) and a body with h2/h3 headings, paragraphs with emphasis and code spans, bullet
and numbered lists, a GFM table, fenced code blocks (three by default, `--code-blocks K`: TOML,
TypeScript, HTML, JSON, YAML, shell, Python), links to other articles (as relative `.md` links
in herald's layout) and external links.

  OUT/herald/        herald site: book.toml, content/_index.md, content/<section>/_index.md,
                     content/<section>/<slug>.md, and a minimal templates/ set that overrides
                     the bundled theme with templates as light as the peers' below
  OUT/herald-theme/  the same site with the bundled theme (content/ hard-linked to herald's)
  OUT/herald-cards/  the bundled theme without a site-wide image, so that herald draws social
                     cards (the two sites above set one: peers draw no cards)
  OUT/hugo/          Hugo site   (config.toml, content/<section>/, layouts/)
  OUT/zola/          Zola site   (config.toml, content/<section>/, templates/)
  OUT/mdbook/        mdBook      (book.toml, src/SUMMARY.md, src/<section>/*.md)
  OUT/jekyll/        Jekyll      (_config.yml, <section>/_posts/DATE-slug.md, _layouts/)

Every layout renders the same pages with templates of the same weight: an article page (title,
date, tags, the comparison table, the body), a page per section listing its articles, a home page
listing the sections, a page per tag listing its articles and a tag index. mdBook has no front
matter or tags: its chapters carry the title as an h1 and the comparison as a Markdown table.
Links between articles are `.md` links for herald, `@/` links for Zola (both resolve and check
them), `.md` links for mdBook, and plain URLs for Hugo and Jekyll.

Python 3 standard library only. The same N and seed give byte-identical files.
"""
import argparse
import datetime
import os
import random
import shutil
import struct
import zlib

SECTIONS = [
    ("smo", "Social media optimization", "Making pages easy to share and good-looking when shared."),
    ("smm", "Social media marketing", "Reaching people on social platforms, organically and with ads."),
    ("seo", "Search engine optimization", "Helping people who search find the right page."),
    ("analytics", "Analytics", "Measuring what works: reach, clicks, conversions and attribution."),
    ("strategy", "Content strategy", "Planning, writing and scheduling what a brand publishes."),
]

NOUNS = (
    "audience post share link preview card image title description headline hashtag profile "
    "follower campaign budget reach impression click conversion funnel landing page keyword "
    "ranking crawler index sitemap feed canonical snippet schema metadata tag thumbnail caption "
    "platform network community comment reply mention story reel video thread newsletter "
    "calendar schedule brand voice tone persona segment channel referral traffic session "
    "bounce dwell engagement signal algorithm timeline search result query intent backlink "
    "anchor domain redirect template theme article section glossary guide checklist"
).split()
VERBS = (
    "shows helps shapes drives improves measures explains tracks raises lowers tests compares "
    "builds shares publishes schedules reviews optimizes describes targets reaches attracts "
    "converts answers ranks links summarizes highlights frames"
).split()
ADJECTIVES = (
    "clear short useful organic paid social visual consistent accurate relevant local mobile "
    "readable accessible fresh evergreen original honest measurable small large steady quick "
    "careful simple practical common structured"
).split()
GLUE = "the a an of to in for on with by from as at and or but not each every some many more most".split()
TOPICS = [
    "Open Graph tags", "Twitter cards", "share buttons", "link previews", "social cards",
    "hashtag research", "posting times", "profile bios", "alt text", "structured data",
    "canonical URLs", "title tags", "meta descriptions", "internal links", "page speed",
    "ad targeting", "retargeting", "influencer outreach", "community management", "UTM parameters",
    "A/B tests", "content calendars", "evergreen posts", "video thumbnails", "newsletters",
    "keyword research", "search intent", "backlinks", "local search", "analytics dashboards",
]
TITLE_FORMS = [
    "How {topic} {verb} {adj} {noun}s", "A {adj} guide to {topic}", "{topic}: what to check first",
    "Why {topic} matter for {adj} {noun}s", "{topic} and the {noun}: a {adj} checklist",
    "Getting {topic} right on a {adj} budget", "What {topic} tell you about your {noun}",
]
TAGS = [
    "open graph", "twitter cards", "share buttons", "hashtags", "images", "alt text", "analytics",
    "utm", "ads", "retargeting", "influencers", "community", "video", "newsletters", "calendar",
    "keywords", "intent", "backlinks", "local seo", "structured data", "sitemaps", "canonical",
    "page speed", "mobile", "accessibility", "copywriting", "headlines", "branding", "linkedin",
    "instagram", "tiktok", "youtube", "facebook", "x", "mastodon", "bluesky", "reddit",
    "pinterest", "threads", "email", "funnels", "conversion", "attribution", "dashboards",
    "testing", "checklists", "small business", "strategy", "tools", "case study",
]
COLUMNS = [["SMO", "SMM"], ["SEO", "SMM"], ["SMO", "SEO"], ["Organic", "Paid"], ["SMO", "SMM", "SEO"]]
ASPECTS = [
    "Goal", "Cost", "Speed", "Durability", "Reach", "Targeting", "Measurement", "Skills needed",
    "Main risk", "Time to results", "Ownership", "Best for", "Typical tools", "Failure mode",
]
VALUES = [
    "Low", "Medium", "High", "Weeks", "Months", "Days", "Years", "Owned", "Rented", "Earned",
    "Free to start", "Pay per click", "Steady", "Bursty", "Broad", "Narrow", "Manual", "Automatic",
    "Clicks and shares", "Rankings", "Cost per lead", "Small teams", "Launches", "Evergreen pages",
]
# Fenced code blocks per article (--code-blocks): what highlighting costs shows at this count.
CODE_BLOCKS = 3
AUTHORS = ["Ada Writer", "Ben Editor", "Chloe Analyst", "Dev Marketer"]
CODE = [
    ("toml", '[book]\ntitle = "A guide to sharing, part @ID@"\nlanguage = "en"\n\n[site]\n'
             'base-url = "https://example.org/"\n\n[social]\nx-handle = "@example"  # shown on cards\n'
             'share = ["x", "linkedin", "mastodon"]'),
    ("typescript", 'interface Share {\n  url: string;\n  network: "x" | "linkedin"; // part @ID@\n}\n\n'
                   'export function shareUrl(s: Share): string {\n'
                   '  const u = new URL("https://x.com/intent/tweet");\n'
                   '  u.searchParams.set("url", s.url);\n  return u.toString();\n}'),
    ("html", '<meta property="og:title" content="A clear, short title, part @ID@">\n'
             '<meta property="og:description" content="One sentence that makes people click.">\n'
             '<meta property="og:image" content="https://example.org/cards/article.png">\n'
             '<meta property="og:image:width" content="1200">\n'
             '<meta property="og:image:height" content="630">\n'
             '<meta name="twitter:card" content="summary_large_image">'),
    ("json", '{\n  "@context": "https://schema.org",\n  "@type": "Article",\n'
             '  "headline": "A clear, short title, part @ID@",\n  "datePublished": "2024-03-02",\n'
             '  "author": {"@type": "Person", "name": "Ada Writer"},\n'
             '  "image": ["https://example.org/cards/article.png"]\n}'),
    ("yaml", "campaign:\n  name: spring-launch-@ID@\n  budget: 300\n  channels: [linkedin, instagram]\n"
             "  utm:\n    source: linkedin\n    medium: social\n    campaign: spring-launch\n"
             "  schedule:\n    - day: monday\n      time: \"09:00\"\n    - day: thursday\n      time: \"17:30\""),
    ("bash", "#!/bin/sh\n# List pages whose description is missing or too long (check @ID@).\nset -eu\n"
             "for f in content/*/*.md; do\n  d=$(grep -m1 '^description:' \"$f\" || true)\n"
             "  n=${#d}\n  if [ \"$n\" -eq 0 ] || [ \"$n\" -gt 172 ]; then\n    echo \"$f: $n\"\n  fi\ndone"),
    ("python", "from urllib.parse import urlencode\n\n\ndef tag_url(url, source, campaign):\n"
               "    params = {\"utm_source\": source, \"utm_medium\": \"social\",\n"
               "              \"utm_campaign\": campaign}\n    return url + \"?\" + urlencode(params)\n\n\n"
               "print(tag_url(\"https://example.org/smo/@ID@/\", \"mastodon\", \"launch\"))"),
]


def yq(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def slugify(s):
    out, dash = [], False
    for c in s.lower():
        if c.isalnum() and c.isascii():
            out.append(c)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


class Article:
    __slots__ = ("n", "section", "slug", "title", "description", "date", "authors", "tags",
                 "comparison", "body", "words")


class Writer:
    """Deterministic prose with Markdown structure; `links` receives (index of target) calls."""

    def __init__(self, rng, articles):
        self.r = rng
        self.articles = articles
        self.words = 0

    def w(self):
        x = self.r.random()
        if x < 0.42:
            return self.r.choice(GLUE)
        if x < 0.78:
            return self.r.choice(NOUNS)
        if x < 0.9:
            return self.r.choice(ADJECTIVES)
        return self.r.choice(VERBS)

    def run(self, lo, hi, me):
        out = []
        for _ in range(self.r.randint(lo, hi)):
            x = self.r.random()
            if x < 0.035:
                out.append("*%s %s*" % (self.w(), self.r.choice(NOUNS)))
            elif x < 0.06:
                out.append("**%s**" % self.r.choice(NOUNS))
            elif x < 0.075:
                out.append("`og:%s`" % self.r.choice(["title", "description", "image", "url", "type"]))
            elif x < 0.09:
                target = self.r.randrange(len(self.articles))
                if target != me:
                    out.append("[%s %s](\x00%d\x00)" % (self.r.choice(ADJECTIVES), self.r.choice(NOUNS), target))
                else:
                    out.append(self.w())
            elif x < 0.095:
                out.append("[%s](https://example.com/%s/%s)" % (self.r.choice(NOUNS), self.r.choice(NOUNS),
                                                                 self.r.choice(NOUNS)))
            else:
                out.append(self.w())
        self.words += len(out)
        return out

    def sentence(self, me):
        words = self.run(7, 19, me)
        words[0] = words[0][:1].upper() + words[0][1:]
        return " ".join(words) + self.r.choice([".", ".", ".", "?", "!"])

    def paragraph(self, me):
        return " ".join(self.sentence(me) for _ in range(self.r.randint(2, 5)))

    def bullets(self, me):
        ordered = self.r.random() < 0.3
        items = []
        for i in range(self.r.randint(3, 6)):
            mark = "%d." % (i + 1) if ordered else "-"
            items.append("%s %s" % (mark, " ".join(self.run(4, 13, me))))
        return "\n".join(items)

    def table(self):
        cols = ["Channel", "Reach", "Cost", "Effort"][: self.r.randint(3, 4)]
        lines = ["| " + " | ".join(cols) + " |", "|" + "|".join(["---"] * len(cols)) + "|"]
        for _ in range(self.r.randint(3, 6)):
            row = [self.r.choice(TAGS).title()] + [self.r.choice(VALUES) for _ in cols[1:]]
            lines.append("| " + " | ".join(row) + " |")
            self.words += len(row)
        return "\n".join(lines)

    def heading(self, level):
        words = [self.r.choice(ADJECTIVES).capitalize(), self.r.choice(NOUNS), self.r.choice(GLUE),
                 self.r.choice(TOPICS)]
        self.words += len(words)
        return "#" * level + " " + " ".join(words)

    def body(self, me, target, code_blocks=CODE_BLOCKS):
        blocks = [self.paragraph(me)]
        table_at = self.r.randint(1, 2)
        code_at = self.r.randint(2, 3)
        # The code blocks follow every other section from code_at on; those the article is
        # too short for come at the end.
        code_after = {code_at + 2 * j for j in range(code_blocks)}
        section = 0
        while self.words < target:
            section += 1
            blocks.append(self.heading(2))
            for sub in range(self.r.randint(1, 2)):
                if sub:
                    blocks.append(self.heading(3))
                for _ in range(self.r.randint(1, 3)):
                    blocks.append(self.paragraph(me))
                    if self.words >= target:
                        break
                if self.r.random() < 0.45 and self.words < target:
                    blocks.append(self.bullets(me))
            if section == table_at:
                blocks.append(self.table())
            if section in code_after:
                blocks.append(self.code(me))
        if section < table_at:
            blocks.append(self.table())
        for _ in range(sum(1 for c in code_after if c > section)):
            blocks.append(self.code(me))
        return "\n\n".join(blocks) + "\n"

    def code(self, me):
        # Each article's blocks differ (its number is in them), as real sites' do: a highlighter
        # cannot reuse one article's blocks for the next.
        lang, code = self.r.choice(CODE)
        code = code.replace("@ID@", str(me))
        self.words += len(code.split())
        return "```%s\n%s\n```" % (lang, code)


def make_articles(n, seed, code_blocks=CODE_BLOCKS):
    r = random.Random(seed)
    arts = []
    start = datetime.date(2015, 1, 1)
    used = set()
    for i in range(n):
        a = Article()
        a.n = i
        a.section = SECTIONS[r.randrange(len(SECTIONS))][0]
        topic = r.choice(TOPICS)
        a.title = r.choice(TITLE_FORMS).format(topic=topic, verb=r.choice(VERBS), adj=r.choice(ADJECTIVES),
                                               noun=r.choice(NOUNS))
        a.title = a.title[:1].upper() + a.title[1:]
        base = slugify(a.title)
        slug, k = base, 2
        while (a.section, slug) in used:
            slug, k = "%s-%d" % (base, k), k + 1
        used.add((a.section, slug))
        a.slug = slug
        a.description = ("%s %s: %s." % (r.choice(ADJECTIVES).capitalize(), topic,
                                         " ".join(r.choice(NOUNS + GLUE) for _ in range(r.randint(8, 14)))))
        a.date = start + datetime.timedelta(days=i * 3650 // max(n, 1) + r.randint(0, 3))
        a.authors = [r.choice(AUTHORS)]
        a.tags = sorted(set(r.sample(TAGS, r.randint(2, 5))))
        cols = r.choice(COLUMNS)
        rows = [(asp, [r.choice(VALUES) for _ in cols]) for asp in r.sample(ASPECTS, r.randint(3, 6))]
        a.comparison = dict(id=slugify(" vs ".join(cols)), title="%s compared for %s" % (" and ".join(cols), topic),
                            columns=cols, rows=rows)
        arts.append(a)
    for a in arts:
        writer = Writer(r, arts)
        # The body's words plus title, description and table take the article to 800-1500 words.
        a.body = writer.body(a.n, r.randint(790, 1380), code_blocks)
        a.words = writer.words
    return arts


# --- link forms: a body holds \0<index>\0 where a link to another article goes -------------------

def link_body(a, arts, form):
    parts = a.body.split("\x00")
    for i in range(1, len(parts), 2):
        parts[i] = form(a, arts[int(parts[i])])
    return "".join(parts)


def herald_link(src, dst):
    if src.section == dst.section:
        return dst.slug + ".md"
    if dst.n % 3 == 0:
        return "@/%s/%s.md" % (dst.section, dst.slug)
    return "../%s/%s.md" % (dst.section, dst.slug)


def zola_link(src, dst):
    return "@/%s/%s.md" % (dst.section, dst.slug)


def mdbook_link(src, dst):
    if src.section == dst.section:
        return dst.slug + ".md"
    return "../%s/%s.md" % (dst.section, dst.slug)


def url_link(src, dst):
    return "/%s/%s/" % (dst.section, dst.slug)


# --- front matter ---------------------------------------------------------------------------------

def comparison_yaml(c, indent):
    p = " " * indent
    out = [p + "- id: " + c["id"], p + "  title: " + yq(c["title"])]
    out.append(p + "  columns: [" + ", ".join(c["columns"]) + "]")
    out.append(p + "  rows:")
    for aspect, values in c["rows"]:
        out.append(p + "    - aspect: " + yq(aspect))
        out.append(p + "      values: [" + ", ".join(yq(v) for v in values) + "]")
    return out


def front_matter(a, flavor):
    lines = ["---", "title: " + yq(a.title), "description: " + yq(a.description), "date: " + a.date.isoformat()]
    tags = "[" + ", ".join(yq(t) for t in a.tags) + "]"
    if flavor == "zola":
        lines += ["taxonomies:", "  tags: " + tags, "extra:", "  authors: [" + ", ".join(a.authors) + "]",
                  "  comparisons:"]
        lines += comparison_yaml(a.comparison, 4)
    else:
        lines += ["authors: [" + ", ".join(a.authors) + "]", "tags: " + tags, "comparisons:"]
        lines += comparison_yaml(a.comparison, 2)
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def markdown_table(c):
    lines = ["| Aspect | " + " | ".join(c["columns"]) + " |", "|---" * (len(c["columns"]) + 1) + "|"]
    for aspect, values in c["rows"]:
        lines.append("| " + aspect + " | " + " | ".join(values) + " |")
    return "**" + c["title"] + "**\n\n" + "\n".join(lines) + "\n"


# --- templates ------------------------------------------------------------------------------------
# One shape for every tool: base (title, description, header), article, section list, home
# (sections with counts), tag index (tags with counts), tag page (its articles), 404.

HERALD_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="{{ site.language }}">
<head>
<meta charset="utf-8">
<title>{% block title %}{{ site.title }}{% endblock title %}</title>
{% block description %}{% endblock description %}
</head>
<body>
<header><a href="{{ site.url }}">{{ site.title }}</a></header>
<main>
{% block main %}{% endblock main %}
</main>
</body>
</html>
""",
    "page.html": """{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ site.title }}{% endblock title %}
{% block description %}<meta name="description" content="{{ page.description }}">{% endblock description %}
{% block main %}
<article>
<h1>{{ page.title }}</h1>
<time datetime="{{ page.date }}">{{ page.date | date(format="%B %-d, %Y") }}</time>
<ul class="tags">{% for t in page.tags %}<li><a href="{{ t.url }}">{{ t.name }}</a></li>{% endfor %}</ul>
{% for c in page.unplaced_comparisons %}{{ c.html | safe }}{% endfor %}
{{ page.content | safe }}
</article>
{% endblock main %}
""",
    "partials/comparison.html": """<table class="comparison" id="{{ comparison.id }}">
<caption>{{ comparison.title }}</caption>
<thead><tr><th>Aspect</th>{% for col in comparison.columns %}<th>{{ col }}</th>{% endfor %}</tr></thead>
<tbody>{% for r in comparison.rows %}<tr><td>{{ r.aspect.html | safe }}</td>{% for v in r.cells %}<td>{{ v.html | safe }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table>
""",
    "section.html": """{% extends "base.html" %}
{% block title %}{{ section.title }} | {{ site.title }}{% endblock title %}
{% block main %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>
{% for p in section.pages %}<li><a href="{{ p.url }}">{{ p.title }}</a> <time>{{ p.date }}</time></li>
{% endfor %}
</ul>
{% endblock main %}
""",
    "index.html": """{% extends "base.html" %}
{% block main %}
<h1>{{ site.title }}</h1>
{{ section.content | safe }}
<ul>
{% for s in section.subsections %}<li><a href="{{ s.url }}">{{ s.title }}</a> ({{ s.page_count }})</li>
{% endfor %}
</ul>
{% endblock main %}
""",
    "tags.html": """{% extends "base.html" %}
{% block title %}Tags | {{ site.title }}{% endblock title %}
{% block main %}
<h1>Tags</h1>
<ul>{% for t in tags %}<li><a href="{{ t.url }}">{{ t.name }}</a> ({{ t.count }})</li>{% endfor %}</ul>
{% endblock main %}
""",
    "tag.html": """{% extends "base.html" %}
{% block title %}{{ tag.name }} | {{ site.title }}{% endblock title %}
{% block main %}
<h1>{{ tag.name }}</h1>
<ul>
{% for p in tag.pages %}<li><a href="{{ p.url }}">{{ p.title }}</a> <time>{{ p.date }}</time></li>
{% endfor %}
</ul>
{% endblock main %}
""",
    "404.html": """{% extends "base.html" %}
{% block main %}<h1>Page not found</h1>{% endblock main %}
""",
}

HUGO_CONFIG = """baseURL = "https://example.org/"
languageCode = "en"
title = "Bench Site"
disableKinds = ["RSS"]
[taxonomies]
  tag = "tags"
[markup.highlight]
  codeFences = false
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ if .IsHome }}{{ .Site.Title }}{{ else }}{{ .Title }} | {{ .Site.Title }}{{ end }}</title>
{{ if .IsPage }}<meta name="description" content="{{ .Description }}">{{ end }}
</head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time>
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ range .Params.comparisons }}
<table class="comparison" id="{{ .id }}">
<caption>{{ .title }}</caption>
<thead><tr><th>Aspect</th>{{ range .columns }}<th>{{ . }}</th>{{ end }}</tr></thead>
<tbody>{{ range .rows }}<tr><td>{{ .aspect }}</td>{{ range .values }}<td>{{ . }}</td>{{ end }}</tr>{{ end }}</tbody>
</table>
{{ end }}
{{ .Content }}
</article>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}
</ul>
{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}
<h1>Tags</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "index.html": """{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
{{ .Content }}
<ul>
{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>
{{ end }}
</ul>
{{ end }}
""",
    "404.html": """{{ define "main" }}<h1>Page not found</h1>{{ end }}
""",
}

ZOLA_CONFIG = """base_url = "https://example.org"
title = "Bench Site"
compile_sass = false
minify_html = false
build_search_index = false
generate_feeds = false
taxonomies = [{ name = "tags" }]

[markdown]
smart_punctuation = true
"""

ZOLA_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
{% block description %}{% endblock description %}
</head>
<body>
<header><a href="{{ config.base_url }}">{{ config.title }}</a></header>
<main>
{% block main %}{% endblock main %}
</main>
</body>
</html>
""",
    "page.html": """{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock title %}
{% block description %}<meta name="description" content="{{ page.description }}">{% endblock description %}
{% block main %}
<article>
<h1>{{ page.title }}</h1>
<time datetime="{{ page.date }}">{{ page.date | date(format="%B %-d, %Y") }}</time>
<ul class="tags">{% for t in page.taxonomies.tags %}<li><a href="{{ get_taxonomy_url(kind="tags", name=t) }}">{{ t }}</a></li>{% endfor %}</ul>
{% for c in page.extra.comparisons %}
<table class="comparison" id="{{ c.id }}">
<caption>{{ c.title }}</caption>
<thead><tr><th>Aspect</th>{% for col in c.columns %}<th>{{ col }}</th>{% endfor %}</tr></thead>
<tbody>{% for r in c.rows %}<tr><td>{{ r.aspect }}</td>{% for v in r.values %}<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table>
{% endfor %}
{{ page.content | safe }}
</article>
{% endblock main %}
""",
    "section.html": """{% extends "base.html" %}
{% block title %}{{ section.title }} | {{ config.title }}{% endblock title %}
{% block main %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>
{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> <time>{{ p.date }}</time></li>
{% endfor %}
</ul>
{% endblock main %}
""",
    "index.html": """{% extends "base.html" %}
{% block main %}
<h1>{{ config.title }}</h1>
{{ section.content | safe }}
<ul>
{% for s in section.subsections %}{% set sub = get_section(path=s) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a> ({{ sub.pages | length }})</li>
{% endfor %}
</ul>
{% endblock main %}
""",
    "tags/list.html": """{% extends "base.html" %}
{% block title %}Tags | {{ config.title }}{% endblock title %}
{% block main %}
<h1>Tags</h1>
<ul>{% for t in terms %}<li><a href="{{ t.permalink }}">{{ t.name }}</a> ({{ t.page_count }})</li>{% endfor %}</ul>
{% endblock main %}
""",
    "tags/single.html": """{% extends "base.html" %}
{% block title %}{{ term.name }} | {{ config.title }}{% endblock title %}
{% block main %}
<h1>{{ term.name }}</h1>
<ul>
{% for p in term.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> <time>{{ p.date }}</time></li>
{% endfor %}
</ul>
{% endblock main %}
""",
    "404.html": """{% extends "base.html" %}
{% block main %}<h1>Page not found</h1>{% endblock main %}
""",
}

JEKYLL_CONFIG = """title: Bench Site
url: https://example.org
permalink: /:categories/:title/
markdown: kramdown
highlighter: none
kramdown:
  input: GFM
  smart_quotes: lsquo,rsquo,ldquo,rdquo
  syntax_highlighter_opts:
    disable: true
defaults:
  - scope: {path: "", type: posts}
    values: {layout: post}
exclude: [out]
"""

JEKYLL_LAYOUTS = {
    "default.html": """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{% if page.title %}{{ page.title }} | {% endif %}{{ site.title }}</title>
{% if page.description %}<meta name="description" content="{{ page.description }}">{% endif %}
</head>
<body>
<header><a href="{{ "/" | relative_url }}">{{ site.title }}</a></header>
<main>
{{ content }}
</main>
</body>
</html>
""",
    "post.html": """---
layout: default
---
<article>
<h1>{{ page.title }}</h1>
<time datetime="{{ page.date | date: "%Y-%m-%d" }}">{{ page.date | date: "%B %-d, %Y" }}</time>
<ul class="tags">{% for t in page.tags %}<li><a href="/tags/#{{ t | slugify }}">{{ t }}</a></li>{% endfor %}</ul>
{% for c in page.comparisons %}
<table class="comparison" id="{{ c.id }}">
<caption>{{ c.title }}</caption>
<thead><tr><th>Aspect</th>{% for col in c.columns %}<th>{{ col }}</th>{% endfor %}</tr></thead>
<tbody>{% for r in c.rows %}<tr><td>{{ r.aspect }}</td>{% for v in r.values %}<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}</tbody>
</table>
{% endfor %}
{{ content }}
</article>
""",
    "section.html": """---
layout: default
---
<h1>{{ page.title }}</h1>
<ul>
{% for p in site.categories[page.section] %}<li><a href="{{ p.url }}">{{ p.title }}</a> <time>{{ p.date | date: "%Y-%m-%d" }}</time></li>
{% endfor %}
</ul>
""",
}

# Jekyll has no page per tag without a plugin: its tag index lists every tag's articles.
JEKYLL_TAGS = """---
layout: default
title: Tags
---
<h1>Tags</h1>
{% for tag in site.tags %}<h2 id="{{ tag[0] | slugify }}">{{ tag[0] }} ({{ tag[1].size }})</h2>
<ul>{% for p in tag[1] %}<li><a href="{{ p.url }}">{{ p.title }}</a> <time>{{ p.date | date: "%Y-%m-%d" }}</time></li>{% endfor %}</ul>
{% endfor %}
"""

JEKYLL_INDEX = """---
layout: default
---
<h1>{{ site.title }}</h1>
<ul>
{% for c in site.categories %}<li><a href="/{{ c[0] }}/">{{ c[0] }}</a> ({{ c[1].size }})</li>
{% endfor %}
</ul>
"""


# --- writing --------------------------------------------------------------------------------------

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def home_text():
    return ("This is a synthetic site for benchmarks: articles about social media optimization, "
            "marketing and search, in five sections.\n")


def png_card():
    """A plain 1200x630 PNG (the size social networks ask for), the site-wide social image that
    keeps herald from drawing cards."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1200, 630, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress((b"\x00" + b"\x1f\x3a\x5c" * 1200) * 630, 9)) + chunk(b"IEND", b""))


HERALD_CONFIG = ('[book]\ntitle = "Bench Site"\ndescription = "A synthetic site for benchmarks."\n'
                 'language = "en"\n\n[site]\nbase-url = "https://example.org/"\n')


def write_herald(out, arts, templates):
    site = os.path.join(out, "herald")
    # Peers draw no social cards: a site-wide image turns herald's off for the comparison.
    config = HERALD_CONFIG + '\n[social]\ndefault-image = "static/card.png"\n'
    write(os.path.join(site, "book.toml"), config)
    os.makedirs(os.path.join(site, "static"), exist_ok=True)
    with open(os.path.join(site, "static", "card.png"), "wb") as f:
        f.write(png_card())
    c = os.path.join(site, "content")
    write(os.path.join(c, "_index.md"),
          '---\ntitle: "Bench Site"\ndescription: "A synthetic site for benchmarks."\n---\n\n' + home_text())
    for i, (key, title, desc) in enumerate(SECTIONS):
        write(os.path.join(c, key, "_index.md"),
              "---\ntitle: %s\ndescription: %s\nweight: %d\n---\n\n%s\n" % (yq(title), yq(desc), i + 1, desc))
    for a in arts:
        write(os.path.join(c, a.section, a.slug + ".md"), front_matter(a, "herald") + link_body(a, arts, herald_link))
    for name, text in templates.items():
        write(os.path.join(site, "templates", name), text)
    # The bundled theme on the same content, and the same with social cards drawn (no site image).
    for name, cfg in (("herald-theme", config), ("herald-cards", HERALD_CONFIG)):
        other = os.path.join(out, name)
        os.makedirs(other, exist_ok=True)
        write(os.path.join(other, "book.toml"), cfg)
        # Hard links, not symbolic ones: herald skips a symbolic link that leads out of the site.
        for folder in ("content", "static"):
            shutil.copytree(os.path.join(site, folder), os.path.join(other, folder), copy_function=os.link)


def write_hugo(out, arts):
    site = os.path.join(out, "hugo")
    write(os.path.join(site, "config.toml"), HUGO_CONFIG)
    write(os.path.join(site, "content", "_index.md"), '---\ntitle: "Bench Site"\n---\n\n' + home_text())
    for key, title, desc in SECTIONS:
        write(os.path.join(site, "content", key, "_index.md"),
              "---\ntitle: %s\ndescription: %s\n---\n\n%s\n" % (yq(title), yq(desc), desc))
    for a in arts:
        write(os.path.join(site, "content", a.section, a.slug + ".md"),
              front_matter(a, "hugo") + link_body(a, arts, url_link))
    for name, text in HUGO_LAYOUTS.items():
        write(os.path.join(site, "layouts", name), text)


def write_zola(out, arts):
    site = os.path.join(out, "zola")
    write(os.path.join(site, "config.toml"), ZOLA_CONFIG)
    write(os.path.join(site, "content", "_index.md"), '+++\ntitle = "Bench Site"\n+++\n\n' + home_text())
    for i, (key, title, desc) in enumerate(SECTIONS):
        write(os.path.join(site, "content", key, "_index.md"),
              '+++\ntitle = "%s"\ndescription = "%s"\nsort_by = "date"\nweight = %d\n+++\n\n%s\n'
              % (title, desc, i + 1, desc))
    for a in arts:
        write(os.path.join(site, "content", a.section, a.slug + ".md"),
              front_matter(a, "zola") + link_body(a, arts, zola_link))
    for name, text in ZOLA_TEMPLATES.items():
        write(os.path.join(site, "templates", name), text)
    os.makedirs(os.path.join(site, "static"), exist_ok=True)


def write_mdbook(out, arts):
    site = os.path.join(out, "mdbook")
    write(os.path.join(site, "book.toml"),
          '[book]\ntitle = "Bench Site"\nlanguage = "en"\nsrc = "src"\n\n'
          "# The print page (every chapter on one page) and the search index have no counterpart\n"
          "# in the other layouts: off.\n[output.html.print]\nenable = false\n"
          "[output.html.search]\nenable = false\n")
    summary = ["# Summary", "", "[Bench Site](index.md)", ""]
    write(os.path.join(site, "src", "index.md"), "# Bench Site\n\n" + home_text())
    by_section = {k: [] for k, _, _ in SECTIONS}
    for a in arts:
        by_section[a.section].append(a)
    for key, title, desc in SECTIONS:
        summary.append("- [%s](%s/index.md)" % (title, key))
        lines = ["# " + title, "", desc, ""]
        for a in sorted(by_section[key], key=lambda a: a.date, reverse=True):
            summary.append("  - [%s](%s/%s.md)" % (a.title, key, a.slug))
            lines.append("- [%s](%s.md) %s" % (a.title, a.slug, a.date.isoformat()))
        write(os.path.join(site, "src", key, "index.md"), "\n".join(lines) + "\n")
    for a in arts:
        body = link_body(a, arts, mdbook_link)
        head = "# %s\n\n*%s* · %s\n\n" % (a.title, a.date.strftime("%B %-d, %Y"), ", ".join(a.tags))
        write(os.path.join(site, "src", a.section, a.slug + ".md"), head + markdown_table(a.comparison) + "\n" + body)
    write(os.path.join(site, "src", "SUMMARY.md"), "\n".join(summary) + "\n")


def write_jekyll(out, arts):
    site = os.path.join(out, "jekyll")
    write(os.path.join(site, "_config.yml"), JEKYLL_CONFIG)
    for name, text in JEKYLL_LAYOUTS.items():
        write(os.path.join(site, "_layouts", name), text)
    write(os.path.join(site, "index.html"), JEKYLL_INDEX)
    write(os.path.join(site, "tags.html"), JEKYLL_TAGS.replace("title: Tags", "title: Tags\npermalink: /tags/"))
    write(os.path.join(site, "404.html"), "---\nlayout: default\n---\n<h1>Page not found</h1>\n")
    for key, title, _ in SECTIONS:
        write(os.path.join(site, key, "index.html"),
              "---\nlayout: section\ntitle: %s\nsection: %s\n---\n" % (yq(title), key))
    for a in arts:
        write(os.path.join(site, a.section, "_posts", "%s-%s.md" % (a.date.isoformat(), a.slug)),
              front_matter(a, "jekyll") + link_body(a, arts, url_link))


LAYOUTS = {"herald": None, "hugo": write_hugo, "zola": write_zola, "mdbook": write_mdbook, "jekyll": write_jekyll}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=1000, help="number of articles (default 1000)")
    ap.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    ap.add_argument("--layouts", default=",".join(LAYOUTS),
                    help="comma-separated subset of: %s (default: all)" % ", ".join(LAYOUTS))
    ap.add_argument("--code-blocks", type=int, default=CODE_BLOCKS,
                    help="fenced code blocks per article (default %d)" % CODE_BLOCKS)
    ap.add_argument("out", help="output folder; the chosen layouts' folders in it are replaced")
    a = ap.parse_args()
    layouts = [x for x in a.layouts.split(",") if x]
    for x in layouts:
        if x not in LAYOUTS:
            ap.error("unknown layout `%s`" % x)
    arts = make_articles(a.n, a.seed, a.code_blocks)
    for x in layouts:
        for d in [x] + (["herald-theme", "herald-cards"] if x == "herald" else []):
            p = os.path.join(a.out, d)
            if os.path.islink(p):
                os.remove(p)
            shutil.rmtree(p, ignore_errors=True)
        if x == "herald":
            write_herald(a.out, arts, HERALD_TEMPLATES)
        else:
            LAYOUTS[x](a.out, arts)
    words = [x.words for x in arts]
    print("articles=%d words: avg %d, min %d, max %d; seed=%d; layouts=%s; out=%s"
          % (len(arts), sum(words) // max(len(words), 1), min(words, default=0), max(words, default=0), a.seed,
             ",".join(layouts), a.out))


if __name__ == "__main__":
    main()
