//! What the metadata of a page is made from: the facts of one item (its names, description,
//! URLs, article) and of the whole site, computed once for the head tags and the structured
//! data alike, with the rules that shape titles and descriptions for search results.

use super::feed::{self, Listing};
use super::languages::{every_language, page_versions, section_versions, Version};
use super::{at_handle, is_listed_tag, is_noindex, og_locale, robots_of, share, FeedLink, SocialImage};
use crate::cache::key::{ById, BySerde};
use crate::config::Config;
use crate::content::{AbsoluteUrl, FrontMatter, Source};
use crate::i18n::Strings;
use crate::markdown::Rendered;
use crate::robots::Robots;
use crate::site::{
    Item, Page, PageId, Site, Urls, AUTHORS_PATH, COMPARISONS_PATH, NOT_FOUND_PATH, SEARCH_PATH, TAGS_PATH,
};

/// Longest `<title>` search results show in full; longer pattern results fall back to the page
/// title alone.
pub const TITLE_MAX: usize = 60;
/// Longest description search results show in full.
pub const DESCRIPTION_MAX: usize = 160;
/// Shortest description worth showing.
pub const DESCRIPTION_MIN: usize = 50;
/// Where a description made from the summary is cut.
const SUMMARY_CUT: usize = 155;

/// What one item is, in the terms its metadata needs.
pub(crate) struct Facts<'a> {
    /// The home page: a WebSite in JSON-LD, without breadcrumbs.
    pub home: bool,
    /// The page's own title (`og:title`, `headline`, last breadcrumb).
    pub name: String,
    /// The `<title>`.
    pub title: String,
    pub description: String,
    /// `None` for the 404 page.
    pub urls: Option<&'a Urls>,
    /// What `robots` says of indexing, which alone decides a page's place in the sitemap too.
    pub noindex: bool,
    /// The robots directives, `noindex` included when the page is left out.
    pub robots: Robots,
    /// The canonical URL: front matter `canonical`, else the page's own (`None` for the 404).
    pub canonical: Option<&'a str>,
    /// Front matter `syndicated-to`.
    pub syndicated_to: &'a [AbsoluteUrl],
    /// Name and permalink of each page above this one, from home: its breadcrumbs but itself.
    pub trail: Vec<(String, String)>,
    /// What an article adds, for article items.
    pub article: Option<ArticleFacts<'a>>,
    /// What an author page adds, for author pages.
    pub profile: Option<ProfileFacts<'a>>,
    // --- languages ---
    /// The page's language code.
    pub lang: &'a str,
    /// The site's title in that language.
    pub site_title: &'a str,
    /// The page in every language it is written in, itself included (empty without
    /// translations).
    pub versions: Vec<Version<'a>>,
    // --- end languages ---
}

/// What the metadata of an article adds to that of any page.
pub(crate) struct ArticleFacts<'a> {
    pub front: &'a FrontMatter,
    pub word_count: usize,
    /// The title of the article's section, unless it is the home page's.
    pub section: Option<&'a str>,
    pub tags: Vec<&'a str>,
    /// Its authors, or the site's when it names none.
    pub authors: Vec<AuthorRef<'a>>,
}

/// An author as an article's metadata names them.
#[derive(Debug, Clone, Copy, Hash)]
pub(crate) struct AuthorRef<'a> {
    pub name: &'a str,
    /// The author page's permalink, for authors of `[authors]`.
    pub url: Option<&'a str>,
}

/// The authors of an article: those of `[authors]` it names by id, else (a site without
/// `[authors]`) the names its front matter gives, else the site's `[book] authors`.
pub(crate) fn article_authors<'a>(site: &'a Site, page: &'a Page) -> Vec<AuthorRef<'a>> {
    let named = |name: &'a String| AuthorRef { name, url: None };
    if !page.authors.is_empty() {
        let entity = |a: &'a crate::site::Author| AuthorRef { name: &a.name, url: Some(&a.urls.permalink) };
        page.authors.iter().map(|&a| entity(&site.authors[a])).collect()
    } else if page.source.front.authors.is_empty() || !site.authors.is_empty() {
        site.config.book.authors.iter().map(named).collect()
    } else {
        page.source.front.authors.iter().map(named).collect()
    }
}

/// What the metadata of an author page adds: their Person.
pub(crate) struct ProfileFacts<'a> {
    pub job_title: &'a str,
    pub bio: &'a str,
    /// The avatar's absolute URL.
    pub image: Option<&'a str>,
    /// Their profiles and own site.
    pub same_as: Vec<&'a str>,
}

/// Everything an article's metadata is made from besides the config (compared whole): the
/// sole input of [`page::article_seo`](super::page::article_seo), so that its hash is a
/// complete cache key by construction. The file and rendered Markdown are hashed by the
/// address of their `Arc` (see [`ById`]).
#[derive(Hash)]
pub(crate) struct ArticleInputs<'a> {
    source: ById<'a, Source>,
    rendered: ById<'a, Rendered>,
    urls: &'a Urls,
    /// Title and URLs of each section from home down to the article's.
    sections: Vec<(&'a str, &'a Urls)>,
    /// The names of its tags, in front matter order.
    tags: Vec<&'a str>,
    authors: Vec<AuthorRef<'a>>,
    image: BySerde<'a, Option<SocialImage>>,
    /// Shown by a preview although held back for its dates: `noindex`.
    held: bool,
    /// Its language's code, the site's title in it, and its translations.
    lang: &'a str,
    site_title: &'a str,
    versions: Vec<Version<'a>>,
}

impl<'a> ArticleInputs<'a> {
    /// The inputs of article `id` of `site`, with the social image it was given.
    pub fn new(site: &'a Site, id: PageId, image: &'a Option<SocialImage>) -> ArticleInputs<'a> {
        let p = site.page(id);
        ArticleInputs {
            source: ById::new(&p.source, &*p.source),
            rendered: ById::new(&p.rendered, &*p.rendered),
            urls: &p.urls,
            sections: site
                .ancestry(p.section)
                .into_iter()
                .map(|s| (site.sections[s].title.as_str(), &site.sections[s].urls))
                .collect(),
            tags: p.tags.iter().map(|&t| site.tags[t].name.as_str()).collect(),
            authors: article_authors(site, p),
            image: BySerde(image),
            held: p.held.is_some(),
            lang: site.config.language_code(p.lang),
            site_title: site.config.title_in(site.config.language_code(p.lang)),
            versions: page_versions(site, id.index()),
        }
    }

    /// The social image.
    pub fn image(&self) -> &'a Option<SocialImage> {
        self.image.0
    }

    /// The feeds the article advertises: the site's, and its section's when asked.
    pub fn feeds(&self, config: &Config) -> Vec<FeedLink> {
        let own = match self.sections.as_slice() {
            [_, .., (title, urls)] => Some(Listing::Section { title, path: &urls.path }),
            _ => None,
        };
        feed::links(config, self.lang, own)
    }

    /// The share links of the article.
    pub fn share_links(&self, config: &ConfigFacts<'_>) -> Vec<share::ShareLink> {
        let label = |network: &str| config.strings.text("share_on", self.lang, &[("network", network)]);
        share::share_links(config.config, &self.source.get().front.title, &self.tags, &self.urls.permalink, label)
    }

    /// What the article is: its names, description, URLs and what it adds.
    pub fn facts(&self, config: &ConfigFacts<'_>) -> Facts<'a> {
        let (front, rendered) = (&self.source.get().front, self.rendered.get());
        let site_title = self.site_title;
        let name = front.title.clone();
        let description = own_description(front.description.as_deref(), &rendered.summary_text).unwrap_or_else(|| {
            let of = config.strings.text("article_of", self.lang, &[("title", &name), ("site", site_title)]);
            finish(of, &config.strings.text("full_stop", self.lang, &[]))
        });
        let section = match self.sections.as_slice() {
            [_, .., (title, _)] => Some(*title),
            _ => None,
        };
        let source = self.source.get();
        let noindex = front.draft || self.held || is_noindex(config.config, Some(source));
        let (robots, canonical, syndicated_to) = page_robots(config.config, Some(source), noindex, Some(self.urls));
        Facts {
            home: false,
            title: config.title(&name, site_title),
            description,
            urls: Some(self.urls),
            noindex: robots.noindex(),
            robots,
            canonical,
            syndicated_to,
            trail: self.sections.iter().map(|(t, u)| (t.to_string(), u.permalink.clone())).collect(),
            article: Some(ArticleFacts {
                front,
                word_count: rendered.word_count,
                section,
                tags: self.tags.clone(),
                authors: self.authors.clone(),
            }),
            profile: None,
            name,
            lang: self.lang,
            site_title,
            versions: self.versions.clone(),
        }
    }
}

/// A page's robots directives (`noindex` added when it is left out), canonical URL and the URLs
/// it was syndicated to, from its file (`None` for pages without one). The one place that decides
/// whether a page may be indexed: its robots meta and its sitemap entry
/// ([`super::sitemap::listed`]) both follow from what this returns.
fn page_robots<'a>(
    config: &Config,
    source: Option<&'a Source>,
    noindex: bool,
    urls: Option<&'a Urls>,
) -> (Robots, Option<&'a str>, &'a [AbsoluteUrl]) {
    let mut robots = robots_of(config, source);
    if noindex {
        robots.index = Some(false);
    }
    let own = source.and_then(|s| s.front.canonical.as_ref()).map(|u| u.0.as_str());
    let canonical = urls.map(|u| own.unwrap_or(&u.permalink));
    (robots, canonical, source.map_or(&[][..], |s| &s.front.syndicated_to))
}

/// Values every page's metadata uses that follow from the config alone, computed once.
pub(crate) struct ConfigFacts<'a> {
    pub config: &'a Config,
    /// The theme's strings, which speak herald's own words (share labels, descriptions).
    pub strings: &'a Strings,
    pub locale: String,
    pub hub_urls: Urls,
    /// The index of authors.
    pub authors_urls: Urls,
    /// `twitter:site`: the site's handle on X.
    pub twitter_site: Option<String>,
    pub fediverse_creator: Option<String>,
}

impl<'a> ConfigFacts<'a> {
    /// The facts of `config`, whose words are `strings`.
    pub fn new(config: &'a Config, strings: &'a Strings) -> ConfigFacts<'a> {
        ConfigFacts {
            config,
            strings,
            locale: og_locale(&config.book.language),
            hub_urls: Urls::new(&config.site.base_url, COMPARISONS_PATH),
            authors_urls: Urls::new(&config.site.base_url, AUTHORS_PATH),
            twitter_site: at_handle(&config.social.x_handle),
            fediverse_creator: config.social.profiles.get("mastodon").and_then(|u| share::fediverse_handle(u)),
        }
    }

    /// The `<title>` of a page named `name` on the site titled `site_title` (in the page's
    /// language), by `[site] title-pattern`.
    fn title(&self, name: &str, site_title: &str) -> String {
        title_from_pattern(&self.config.site.title_pattern, name, site_title)
    }
}

/// Site-wide values the metadata of listings and other pages uses, computed once.
pub(crate) struct SiteFacts<'a> {
    pub site: &'a Site,
    /// Whether the site has an index of authors, which author pages' breadcrumbs pass through.
    pub authors_index: bool,
    pub config: ConfigFacts<'a>,
    /// The feeds each section's pages advertise (the site's, and the section's when asked).
    pub section_feeds: Vec<Vec<FeedLink>>,
    /// The tag index of each language, by language.
    pub tags_urls: Vec<Urls>,
    /// The 404 page of each language, by language.
    pub not_found_urls: Vec<Urls>,
    /// The search page of each language, by language.
    pub search_urls: Vec<Urls>,
}

impl<'a> SiteFacts<'a> {
    /// The site-wide facts of `site`; `authors_index` says whether it has an index of authors.
    pub fn new(site: &'a Site, authors_index: bool) -> SiteFacts<'a> {
        let section_feeds = site
            .sections
            .iter()
            .map(|s| {
                let own = s.parent.is_some().then(|| Listing::Section { title: &s.title, path: &s.urls.path });
                feed::links(&site.config, site.config.language_code(s.lang), own)
            })
            .collect();
        let each = |path| site.langs().map(|lang| site.urls_in(lang, path)).collect();
        SiteFacts {
            site,
            authors_index,
            config: ConfigFacts::new(&site.config, &site.strings),
            section_feeds,
            tags_urls: each(TAGS_PATH),
            not_found_urls: each(NOT_FOUND_PATH),
            search_urls: each(SEARCH_PATH),
        }
    }

    /// What `item` is: its names, description, URLs and breadcrumbs.
    pub fn facts(&self, item: Item) -> Facts<'_> {
        let site = self.site;
        let c = &site.config;
        let lang = site.lang_of(item);
        let code = c.language_code(lang);
        let site_title = c.title_in(code);
        let t = |key: &str, args: &[(&str, &str)]| site.strings.text(key, code, args);
        let count = |key: &str, n: usize, args: &[(&str, &str)]| {
            let mut all = vec![("site", site_title)];
            all.extend_from_slice(args);
            site.strings.count(key, code, n, &all)
        };
        let listing = |lead: &str, items: &mut dyn Iterator<Item = &str>| {
            listing(lead, items, &ListingWords::new(&site.strings, code))
        };
        let (name, description, urls, noindex) = match item {
            Item::Page(id) => return ArticleInputs::new(site, id, &None).facts(&self.config),
            Item::Section(id) => {
                let s = site.section(id);
                let own = s.source.as_ref().and_then(|src| src.front.description.as_deref());
                let own = if s.parent.is_none() {
                    own.or(Some(c.description_in(code))).filter(|d| !d.trim().is_empty())
                } else {
                    own
                };
                let d = own_description(own, &s.rendered.summary_text).unwrap_or_else(|| {
                    let lead = count("section_lead", s.pages.len(), &[("section", &s.title)]);
                    listing(&lead, &mut s.pages.iter().map(|&p| site.pages[p].title()))
                });
                let name = if s.parent.is_none() { site_title.to_string() } else { s.title.clone() };
                (name, d, Some(&s.urls), is_noindex(c, s.source.as_deref()))
            }
            Item::Pager(id, number) => {
                let s = site.section(id);
                let (number_text, total) = (number.to_string(), s.paging.count().to_string());
                let args =
                    [("number", number_text.as_str()), ("total", &total), ("section", &s.title), ("site", site_title)];
                let d = listing(
                    &t("section_page_lead", &args),
                    &mut s.pager_pages(number).iter().map(|&p| site.pages[p].title()),
                );
                let noindex = is_noindex(c, s.source.as_deref());
                (t("section_page", &args), d, Some(s.pager_urls(number)), noindex)
            }
            Item::Tags(lang) => {
                let tags: Vec<_> = site.tags.iter().filter(|t| t.lang == lang).collect();
                let d = listing(&count("tags_lead", tags.len(), &[]), &mut tags.iter().map(|t| t.name.as_str()));
                let noindex = is_noindex(c, None) || !tags.iter().any(|t| is_listed_tag(site, t));
                (t("tags", &[]), d, Some(&self.tags_urls[lang]), noindex)
            }
            Item::Tag(id) => {
                let tag = site.tag(id);
                let lead = count("tag_lead", tag.pages.len(), &[("tag", &tag.name)]);
                let d = listing(&lead, &mut tag.pages.iter().map(|&p| site.pages[p].title()));
                (t("articles_tagged", &[("tag", &tag.name)]), d, Some(&tag.urls), !is_listed_tag(site, tag))
            }
            Item::TagPager(id, number) => {
                let tag = site.tag(id);
                let (number_text, total) = (number.to_string(), tag.paging.count().to_string());
                let args =
                    [("number", number_text.as_str()), ("total", &total), ("tag", &tag.name), ("site", site_title)];
                let d = listing(
                    &t("tag_page_lead", &args),
                    &mut tag.pager_pages(number).iter().map(|&p| site.pages[p].title()),
                );
                (t("articles_tagged_page", &args), d, Some(tag.pager_urls(number)), !is_listed_tag(site, tag))
            }
            Item::Comparisons => {
                let with: Vec<&Page> =
                    site.pages.iter().filter(|p| !p.comparisons.is_empty() && !super::is_hidden(c, p)).collect();
                let n: usize = with.iter().map(|p| p.comparisons.len()).sum();
                let lead = count("comparisons_lead", n, &[]);
                let d = listing(&lead, &mut with.iter().flat_map(|p| p.comparisons.iter().map(|t| t.title.as_str())));
                (t("comparison_tables", &[]), d, Some(&self.config.hub_urls), is_noindex(c, None))
            }
            Item::NotFound(_) => {
                let d = finish(t("not_found_description", &[("site", site_title)]), &t("full_stop", &[]));
                (t("page_not_found", &[]), d, None, true)
            }
            Item::Author(id) => {
                let a = site.author(id);
                let bio = &site.config.authors[&a.id].bio;
                let bio = Some(cut_on_word(bio, SUMMARY_CUT)).filter(|b| !b.is_empty());
                let d = bio.map(|b| finish(b, &t("full_stop", &[]))).unwrap_or_else(|| {
                    let lead = count("author_lead", a.pages.len(), &[("name", &a.name)]);
                    listing(&lead, &mut a.pages.iter().map(|&p| site.pages[p].title()))
                });
                (a.name.clone(), d, Some(&a.urls), is_noindex(c, None))
            }
            Item::Authors => {
                let lead = count("authors_lead", site.authors.len(), &[]);
                let d = listing(&lead, &mut site.authors.iter().map(|a| a.name.as_str()));
                (t("authors", &[]), d, Some(&self.config.authors_urls), is_noindex(c, None))
            }
            Item::Search(_) => (
                t("search", &[]),
                finish(t("search_the_articles_of", &[("site", site_title)]), &t("full_stop", &[])),
                None,
                true,
            ),
        };
        let home = matches!(item, Item::Section(id) if site.section(id).parent.is_none());
        let title = if home { site_title.to_string() } else { self.config.title(&name, site_title) };
        let versions = match item {
            Item::Section(id) => section_versions(site, id.index()),
            Item::Tags(_) => every_language(site, &self.tags_urls),
            Item::NotFound(_) => every_language(site, &self.not_found_urls),
            Item::Search(_) => every_language(site, &self.search_urls),
            _ => Vec::new(),
        };
        let source = match item {
            Item::Section(id) | Item::Pager(id, _) => site.section(id).source.as_deref(),
            _ => None,
        };
        let (robots, canonical, syndicated_to) = page_robots(c, source, noindex, urls);
        Facts {
            home,
            name,
            title,
            description,
            urls,
            noindex: robots.noindex(),
            robots,
            canonical,
            syndicated_to,
            trail: self.trail(item),
            article: None,
            profile: self.profile(item),
            lang: code,
            site_title,
            versions,
        }
    }

    /// The Person of an author page.
    fn profile(&self, item: Item) -> Option<ProfileFacts<'_>> {
        let Item::Author(id) = item else { return None };
        let a = self.site.author(id);
        let entry = &self.site.config.authors[&a.id];
        let own_site = (!entry.url.is_empty()).then_some(entry.url.as_str());
        Some(ProfileFacts {
            job_title: entry.job_title.trim(),
            bio: entry.bio.trim(),
            image: a.avatar.as_ref().map(|(_, abs)| abs.as_str()),
            same_as: entry.profiles.iter().map(String::as_str).chain(own_site).collect(),
        })
    }

    /// Name and permalink of each page above `item` (not an article), from home.
    fn trail(&self, item: Item) -> Vec<(String, String)> {
        let site = self.site;
        let section = |s: usize| (site.sections[s].title.clone(), site.sections[s].urls.permalink.clone());
        let lang = site.lang_of(item);
        let home = section(site.homes[lang]);
        let code = site.config.language_code(lang);
        let tags = || (site.strings.text("tags", code, &[]), self.tags_urls[lang].permalink.clone());
        match item {
            Item::Section(id) => match site.section(id).parent {
                None => Vec::new(),
                Some(parent) => site.ancestry(parent).into_iter().map(section).collect(),
            },
            Item::Pager(id, _) => site.ancestry(id.index()).into_iter().map(section).collect(),
            Item::Tag(_) => vec![home, tags()],
            Item::TagPager(id, _) => {
                vec![home, tags(), (site.tag(id).name.clone(), site.tag(id).urls.permalink.clone())]
            }
            Item::Author(_) if self.authors_index => {
                vec![home, (site.strings.text("authors", code, &[]), self.config.authors_urls.permalink.clone())]
            }
            Item::Page(_)
            | Item::Tags(_)
            | Item::Comparisons
            | Item::NotFound(_)
            | Item::Search(_)
            | Item::Author(_)
            | Item::Authors => vec![home],
        }
    }
}

/// `{page} | {site}` filled in; the page title alone when that would be too long for search
/// results, which cut titles past about 60 characters (the site's name is the part to lose).
pub fn title_from_pattern(pattern: &str, page: &str, site: &str) -> String {
    let full = pattern.replace("{site}", site).replace("{page}", page);
    if full.chars().count() > TITLE_MAX && pattern.contains("{page}") {
        page.to_string()
    } else {
        full
    }
}

/// The front matter's description, else the summary cut to about 155 characters.
fn own_description(own: Option<&str>, summary: &str) -> Option<String> {
    let own = own.map(collapse_whitespace).filter(|d| !d.is_empty());
    own.or_else(|| Some(cut_on_word(summary, SUMMARY_CUT)).filter(|d| !d.is_empty()))
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts `text` to at most `max` characters at a word boundary, adding `…` when it cut.
pub fn cut_on_word(text: &str, max: usize) -> String {
    let text = collapse_whitespace(text);
    if text.chars().count() <= max {
        return text;
    }
    // Room for the ellipsis; keep the last word only when the cut falls right after it.
    let (end, next) = text.char_indices().nth(max - 1).unwrap_or((text.len(), ' '));
    let head = &text[..end];
    let head = if next == ' ' { head } else { head.rfind(' ').map_or(head, |i| &head[..i]) };
    format!("{}…", head.trim_end_matches([',', ';', ':', '-', '–', '—', ' ']))
}

/// The words of a listing's description in its language: the separators its typography wants
/// (French `lead\u{202F}: a\u{202F}; b`, Japanese `lead：a、b`) and the padding of a short one.
struct ListingWords {
    label: String,
    item: String,
    padding: String,
    stop: String,
}

impl ListingWords {
    fn new(strings: &Strings, code: &str) -> ListingWords {
        ListingWords {
            label: strings.text("label_separator", code, &[]),
            item: strings.text("list_separator", code, &[]),
            padding: strings.text("listed_with_summary", code, &[]),
            stop: strings.text("full_stop", code, &[]),
        }
    }
}

/// A description that names the items of a listing: `lead: a; b; c.`, kept within the length
/// search results show, and padded when too short to say anything.
fn listing(lead: &str, items: &mut dyn Iterator<Item = &str>, words: &ListingWords) -> String {
    let mut s = lead.to_string();
    let mut count = s.chars().count();
    for (n, item) in items.enumerate() {
        let sep = if n == 0 { &words.label } else { &words.item };
        let add = sep.chars().count() + item.chars().count();
        if count + add + 1 > SUMMARY_CUT {
            break;
        }
        s.push_str(sep);
        s.push_str(item);
        count += add;
    }
    let s = finish(s, &words.stop);
    if s.chars().count() < DESCRIPTION_MIN {
        format!("{s} {}", words.padding)
    } else {
        s
    }
}

/// Ends a sentence with the language's full stop (`stop`) unless it has its own.
fn finish(mut s: String, stop: &str) -> String {
    if !s.ends_with(['.', '?', '!', '…', '。', '？', '！']) {
        s.push_str(stop);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_pattern_falls_back_to_the_page_title_when_too_long() {
        assert_eq!(title_from_pattern("{page} | {site}", "Hashtags", "Guide"), "Hashtags | Guide");
        let long = "A title that is long enough on its own to fill a result";
        assert_eq!(title_from_pattern("{page} | {site}", long, "Herald Guide to SMO"), long);
    }

    #[test]
    fn descriptions_are_cut_on_a_word() {
        let text = "word ".repeat(60);
        let cut = cut_on_word(&text, 155);
        assert!(cut.chars().count() <= 155, "{cut}");
        assert!(cut.ends_with("word…"), "{cut}");
        assert_eq!(cut_on_word("Short  text.", 155), "Short text.");
        assert_eq!(cut_on_word("héllo wörld again", 12), "héllo wörld…");
    }

    #[test]
    fn listings_stay_within_bounds() {
        let words = |label: &str, item: &str| ListingWords {
            label: label.into(),
            item: item.into(),
            padding: "Each one is listed here with its summary.".into(),
            stop: if label.starts_with('：') { "。" } else { "." }.into(),
        };
        let each = words(": ", "; ");
        let d = listing("2 articles tagged “x” on Site", &mut ["One", "Two"].into_iter(), &each);
        assert!(d.chars().count() >= DESCRIPTION_MIN, "{d}");
        assert!(d.starts_with("2 articles tagged “x” on Site: One; Two."), "{d}");
        let d = listing("2 articles", &mut ["Un", "Deux"].into_iter(), &words("\u{202F}: ", "\u{202F}; "));
        assert!(d.starts_with("2 articles\u{202F}: Un\u{202F}; Deux."), "{d}");
        let d = listing("2 件の記事", &mut ["一", "二"].into_iter(), &words("：", "、"));
        assert!(d.starts_with("2 件の記事：一、二。"), "{d}");
        let many: Vec<String> = (0..50).map(|i| format!("Article number {i}")).collect();
        let d = listing("50 articles", &mut many.iter().map(String::as_str), &each);
        assert!(d.chars().count() <= DESCRIPTION_MAX, "{d}");
    }
}
