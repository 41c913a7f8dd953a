//! Share links (plain URLs of each network's share endpoint: no script, iframe, pixel or cookie)
//! and follow links to the site's profiles.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::config::{Config, SHARE_NETWORKS};

/// What a query value may hold unencoded: the unreserved characters of RFC 3986. Everything
/// else, `&`, `#`, `?`, `+`, quotes, spaces and non-ASCII included, is percent-encoded, so any
/// title survives the trip.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The share page that lets readers pick their own Mastodon (or other fediverse) instance.
pub const MASTODON_PICKER: &str = "https://s2f.kytta.org/";

/// How many hashtags a share carries at most: more reads as spam and eats the post's length.
pub const MAX_HASHTAGS: usize = 3;

/// One share button.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShareLink {
    /// The key of `[social] share` (`x`, `hackernews`), for icons and CSS.
    pub network: &'static str,
    /// The network's name (`Hacker News`).
    pub name: &'static str,
    /// The accessible name (`Share on Hacker News`).
    pub label: String,
    /// The share URL, ready for `href`.
    pub url: String,
}

/// One link to a profile of the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowLink {
    /// The key of `[social] profiles`, lower case (`mastodon`, `github`), for icons and CSS.
    pub network: String,
    /// The network's name (`Mastodon`), or the key as written for networks herald does not know.
    pub name: String,
    /// The accessible name (`Herald Guide on Mastodon`).
    pub label: String,
    pub url: String,
    /// `me`: the profile can verify the site (Mastodon shows a verified link).
    pub rel: &'static str,
}

/// The display name of a share network.
pub fn network_name(network: &str) -> &'static str {
    match network {
        "x" => "X",
        "facebook" => "Facebook",
        "linkedin" => "LinkedIn",
        "reddit" => "Reddit",
        "hackernews" => "Hacker News",
        "bluesky" => "Bluesky",
        "mastodon" => "Mastodon",
        "telegram" => "Telegram",
        "whatsapp" => "WhatsApp",
        "email" => "email",
        "instagram" => "Instagram",
        "youtube" => "YouTube",
        "tiktok" => "TikTok",
        "github" => "GitHub",
        "twitter" => "X",
        "threads" => "Threads",
        "pinterest" => "Pinterest",
        _ => "",
    }
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

/// A tag as a hashtag: `open graph` → `OpenGraph`, `smo` → `smo` (hashtags hold no spaces).
pub fn hashtag(tag: &str) -> String {
    let words: Vec<&str> = tag.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if words.len() == 1 {
        return words[0].to_string();
    }
    words
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        })
        .collect()
}

/// The hashtags of a share: the site's, then the page's tags, without repeats, at most
/// [`MAX_HASHTAGS`].
pub fn hashtags<'a>(site_tags: &'a [String], page_tags: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in site_tags.iter().map(|t| t.trim_start_matches('#')).chain(page_tags) {
        let h = hashtag(t);
        if !h.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&h)) {
            out.push(h);
        }
    }
    out.truncate(MAX_HASHTAGS);
    out
}

/// The URL a network receives: the canonical URL, with campaign parameters when `[social] utm`
/// is on (never on the canonical URL itself).
pub fn shared_url(config: &Config, canonical: &str, network: &str) -> String {
    let s = &config.social;
    if !s.utm {
        return canonical.to_string();
    }
    let sep = if canonical.contains('?') { '&' } else { '?' };
    format!(
        "{canonical}{sep}utm_source={}&utm_medium={}&utm_campaign={}",
        encode(network),
        encode(&s.utm_medium),
        encode(&s.utm_campaign)
    )
}

/// The share links of an article, in `[social] share` order, each labelled by `label` from the
/// network's name (`Share on X`, in the page's language).
pub fn share_links(
    config: &Config,
    title: &str,
    tags: &[&str],
    canonical: &str,
    label: impl Fn(&str) -> String,
) -> Vec<ShareLink> {
    let tags = hashtags(&config.social.hashtags, tags.iter().copied());
    // Every network gets the same URL unless campaign parameters name it: encode it once.
    let mut encoded: Option<(String, Encoded)> = None;
    config
        .social
        .share
        .iter()
        .filter_map(|n| SHARE_NETWORKS.iter().find(|k| **k == n.as_str()))
        .map(|&network| {
            let url = shared_url(config, canonical, network);
            if encoded.as_ref().is_none_or(|(u, _)| *u != url) {
                encoded = Some((url.clone(), Encoded::new(title, &url, &tags)));
            }
            let e = &encoded.as_ref().expect("set above").1;
            let name = network_name(network);
            ShareLink { network, name, label: label(name), url: e.share_url(network, &config.social.mastodon_instance) }
        })
        .collect()
}

/// One network's share URL for a page titled `title` at `url`.
pub fn share_url(network: &str, title: &str, url: &str, tags: &[String], mastodon: &str) -> String {
    Encoded::new(title, url, tags).share_url(network, mastodon)
}

/// What share URLs carry, percent-encoded once for all networks.
struct Encoded {
    title: String,
    url: String,
    /// For networks without a URL field: the title, the URL, then the hashtags.
    text: String,
    /// The title and the URL.
    title_url: String,
    /// The hashtags, comma-separated; empty without any.
    tags: String,
}

impl Encoded {
    fn new(title: &str, url: &str, tags: &[String]) -> Encoded {
        let hash_words: String = tags.iter().map(|h| format!(" #{h}")).collect();
        Encoded {
            title: encode(title),
            url: encode(url),
            text: encode(&format!("{title} {url}{hash_words}")),
            title_url: encode(&format!("{title} {url}")),
            tags: encode(&tags.join(",")),
        }
    }

    fn share_url(&self, network: &str, mastodon: &str) -> String {
        let Encoded { title: t, url: u, text, title_url, tags } = self;
        match network {
            "x" if tags.is_empty() => format!("https://x.com/intent/tweet?text={t}&url={u}"),
            "x" => format!("https://x.com/intent/tweet?text={t}&url={u}&hashtags={tags}"),
            "facebook" => format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
            "linkedin" => format!("https://www.linkedin.com/sharing/share-offsite/?url={u}"),
            "reddit" => format!("https://www.reddit.com/submit?url={u}&title={t}"),
            "hackernews" => format!("https://news.ycombinator.com/submitlink?u={u}&t={t}"),
            "bluesky" => format!("https://bsky.app/intent/compose?text={text}"),
            "mastodon" => {
                let host =
                    mastodon.trim().trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/');
                if host.is_empty() {
                    format!("{MASTODON_PICKER}?text={text}")
                } else {
                    format!("https://{host}/share?text={text}")
                }
            }
            "telegram" => format!("https://telegram.me/share/url?url={u}&text={t}"),
            "whatsapp" => format!("https://wa.me/?text={title_url}"),
            "email" => format!("mailto:?subject={t}&body={u}"),
            _ => String::new(),
        }
    }
}

/// Follow links to `[social] profiles`, in the table's (sorted) order, each labelled by
/// `label` from the network's name (`Guide on Mastodon`, in a language of the site).
pub fn follow_links(config: &Config, label: impl Fn(&str) -> String) -> Vec<FollowLink> {
    config
        .social
        .profiles
        .iter()
        .filter(|(_, url)| !url.trim().is_empty())
        .map(|(key, url)| {
            let network = key.to_lowercase();
            let known = network_name(&network);
            let name = if known.is_empty() { key.clone() } else { known.to_string() };
            FollowLink {
                label: label(&name),
                network: if network == "twitter" { "x".to_string() } else { network },
                name,
                url: url.trim().to_string(),
                rel: "me",
            }
        })
        .collect()
}

/// `@user@instance` from a Mastodon profile URL (`https://mastodon.social/@herald`), for
/// `fediverse:creator`.
pub fn fediverse_handle(url: &str) -> Option<String> {
    let rest = url.trim().strip_prefix("https://").or_else(|| url.trim().strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/')?;
    let user = path.trim_end_matches('/').strip_prefix('@')?;
    (!host.is_empty() && !user.is_empty() && !user.contains('/')).then(|| format!("@{user}@{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(s: &str) -> String {
        percent_encoding::percent_decode_str(s).decode_utf8().unwrap().into_owned()
    }

    fn param<'a>(url: &'a str, key: &str) -> Option<&'a str> {
        url.split_once('?')?.1.split('&').find_map(|kv| kv.strip_prefix(&format!("{key}=")))
    }

    #[test]
    fn hostile_titles_survive_encoding() {
        let title = "Q&A: #1 \"SMO\"? it's 100% ça va ✓";
        let url = "https://example.org/smo/q-a/";
        for network in SHARE_NETWORKS {
            let share = share_url(network, title, url, &[], "");
            assert!(!share.contains(' ') && !share.contains('"'), "{network}: {share}");
            assert!(share.contains(&encode(url)), "{network} carries the URL: {share}");
        }
        let x = share_url("x", title, url, &[], "");
        assert_eq!(decode(param(&x, "text").unwrap()), title);
        assert_eq!(decode(param(&x, "url").unwrap()), url);
        let hn = share_url("hackernews", title, url, &[], "");
        assert_eq!(decode(param(&hn, "t").unwrap()), title);
    }

    #[test]
    fn mastodon_uses_the_instance_or_a_picker() {
        let picker = share_url("mastodon", "T", "https://e.org/", &[], "");
        assert!(picker.starts_with("https://s2f.kytta.org/?text=T%20https%3A%2F%2Fe.org%2F"), "{picker}");
        let own = share_url("mastodon", "T", "https://e.org/", &[], "https://mastodon.social/");
        assert!(own.starts_with("https://mastodon.social/share?text="), "{own}");
    }

    #[test]
    fn hashtags_are_camel_cased_deduplicated_and_capped() {
        let site = vec!["#herald".to_string()];
        let tags = hashtags(&site, ["open graph", "Herald", "smo", "seo"].into_iter());
        assert_eq!(tags, ["herald", "OpenGraph", "smo"]);
    }

    #[test]
    fn fediverse_handles_come_from_profile_urls() {
        assert_eq!(fediverse_handle("https://mastodon.social/@herald").as_deref(), Some("@herald@mastodon.social"));
        assert_eq!(fediverse_handle("https://example.org/about"), None);
    }
}
