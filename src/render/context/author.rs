//! Authors of `[authors]`: as an article's byline and author box show them, and their own page.

use serde::Serialize;

use super::{breadcrumbs, Breadcrumb, Listing, SummaryContext};
use crate::cache::key::Hashed;
use crate::site::{Author, Site};

/// An author, in `page.byline` and `author` (`author.html`).
#[derive(Serialize, Hash)]
pub struct AuthorContext<'a> {
    /// The id of `[authors.<id>]`.
    pub id: &'a str,
    /// The name.
    pub name: &'a str,
    /// The author page's URL.
    pub url: &'a str,
    /// The author page's absolute URL.
    pub permalink: &'a str,
    /// `job-title` (empty when not set).
    pub job_title: &'a str,
    /// `bio` (empty when not set).
    pub bio: &'a str,
    /// The avatar's URL, or null.
    pub avatar: Option<&'a str>,
    /// `profiles`, each with a label made from its host (`linkedin.com`).
    pub profiles: Vec<Profile<'a>>,
    /// `url`, the author's own site, or null.
    pub website: Option<&'a str>,
}

/// A profile of an author elsewhere.
#[derive(Serialize, Hash)]
pub struct Profile<'a> {
    /// The URL.
    pub url: &'a str,
    /// Its host, without `www.`.
    pub label: &'a str,
}

impl<'a> AuthorContext<'a> {
    /// Author `a` of the site.
    pub fn new(site: &'a Site, a: &'a Author) -> AuthorContext<'a> {
        let entry = &site.config.authors[&a.id];
        AuthorContext {
            id: &a.id,
            name: &a.name,
            url: &a.urls.url,
            permalink: &a.urls.permalink,
            job_title: entry.job_title.trim(),
            bio: entry.bio.trim(),
            avatar: a.avatar.as_ref().map(|(url, _)| url.as_str()),
            profiles: entry.profiles.iter().map(|u| Profile { url: u, label: host(u) }).collect(),
            website: (!entry.url.is_empty()).then_some(entry.url.as_str()),
        }
    }
}

/// The host of an absolute URL, without `www.`.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host)
}

/// `author`, for `author.html`: the author and their articles.
#[derive(Serialize, Hash)]
pub struct AuthorPageContext<'a> {
    /// The author.
    #[serde(flatten)]
    pub author: AuthorContext<'a>,
    /// Their articles, newest first.
    pub pages: Listing<'a>,
    /// Home, then the author.
    pub breadcrumbs: Vec<Breadcrumb<'a>>,
}

impl<'a> AuthorPageContext<'a> {
    /// The page of author `index`; `index_url` is the index of authors' URL, when there is one.
    pub fn new(
        site: &'a Site,
        summaries: &'a [Hashed<SummaryContext<'a>>],
        index: usize,
        index_url: Option<&'a str>,
    ) -> AuthorPageContext<'a> {
        let a = &site.authors[index];
        let mut crumbs = breadcrumbs(site, 0, None);
        // A step with a title and a URL, as the last one is.
        let authors = || site.strings.text("authors", site.config.language_code(0), &[]);
        crumbs.extend(index_url.map(|url| Breadcrumb::current(authors(), url)));
        crumbs.push(Breadcrumb::current(a.name.as_str(), a.urls.url.as_str()));
        AuthorPageContext {
            author: AuthorContext::new(site, a),
            pages: Listing::new(summaries, &a.pages),
            breadcrumbs: crumbs,
        }
    }
}

/// An author in `authors` (`authors.html`).
#[derive(Serialize, Hash)]
pub struct AuthorEntry<'a> {
    /// The author.
    #[serde(flatten)]
    pub author: AuthorContext<'a>,
    /// How many published articles they wrote.
    pub count: usize,
}

/// `authors`, for `authors.html`: every author of `[authors]`.
#[derive(Serialize, Hash)]
pub struct AuthorsContext<'a> {
    /// The index's URL.
    pub url: &'a str,
    /// Its absolute URL.
    pub permalink: &'a str,
    /// Every author, in id order.
    pub authors: Vec<AuthorEntry<'a>>,
    /// Home, then the index.
    pub breadcrumbs: Vec<Breadcrumb<'a>>,
}

impl<'a> AuthorsContext<'a> {
    /// The index of the site's authors, at `urls`.
    pub fn new(site: &'a Site, urls: &'a crate::site::Urls) -> AuthorsContext<'a> {
        AuthorsContext {
            url: &urls.url,
            permalink: &urls.permalink,
            authors: site
                .authors
                .iter()
                .map(|a| AuthorEntry { author: AuthorContext::new(site, a), count: a.pages.len() })
                .collect(),
            breadcrumbs: breadcrumbs(
                site,
                0,
                Some(Breadcrumb::current(
                    site.strings.text("authors", site.config.language_code(0), &[]),
                    urls.url.as_str(),
                )),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn profile_labels_are_hosts() {
        assert_eq!(super::host("https://www.linkedin.com/in/ann"), "linkedin.com");
        assert_eq!(super::host("https://mastodon.social/@ann"), "mastodon.social");
    }
}
