//! Links in the body: `.md` targets become the target article's URL; every link and image is
//! recorded for the checks.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{plain_text, Image, LineIndex, Link, LinkContext, RenderOptions, Rendered, CONTEXT_WORDS};
use crate::cache::key::Hashed;
use crate::diagnostic::{did_you_mean, Diagnostic, Problem};

/// Resolves a link target written in `dir` (below `content/`) to a content path, or `None` when it
/// climbs out of `content/`. `@/x.md` and `/x.md` start at `content/`.
pub fn resolve_content_path(dir: &str, target: &str) -> Option<String> {
    let target = percent_decode(target);
    let (base, rest) = match target.strip_prefix("@/").or_else(|| target.strip_prefix('/')) {
        Some(rest) => ("", rest.to_string()),
        None => (dir, target),
    };
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in rest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Whether a link leaves the site (a scheme such as `https:` or `mailto:`) or stays in the page.
fn is_external_or_fragment(dest: &str) -> bool {
    dest.starts_with('#')
        || dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

pub(super) fn rewrite(
    events: &mut [(Event<'_>, Range<usize>)],
    opts: &RenderOptions<'_>,
    lines: &LineIndex,
    out: &mut Rendered,
    diags: &mut Vec<Diagnostic>,
) {
    for i in 0..events.len() {
        // Positions only for the events that need one: a search per event adds up on long pages.
        let at = |start: usize| lines.line_col(start);
        let start = events[i].1.start;
        if let Event::Start(Tag::Image { dest_url, .. }) = &mut events[i].0 {
            if dest_url.starts_with('/')
                && !dest_url.starts_with("//")
                && opts.base_path != "/"
                && !dest_url.starts_with(opts.base_path)
            {
                *dest_url = CowStr::from(format!("{}{dest_url}", opts.base_path.trim_end_matches('/')));
            }
        }
        match &mut events[i].0 {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let (line, column) = at(start);
                let (href, target) = resolve(dest_url, opts, line, column, diags);
                if let Some(href) = &href {
                    *dest_url = CowStr::from(href.clone());
                }
                let href = href.unwrap_or_else(|| dest_url.to_string());
                let context = target.is_some().then(|| Hashed::new(context_of(events, i)));
                out.links.push(Link { href, target, line, column, context });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, column) = at(start);
                let src = dest_url.to_string();
                let end =
                    (i + 1..events.len()).find(|&j| matches!(events[j].0, Event::End(TagEnd::Image))).unwrap_or(i);
                let alt = plain_text(events[i + 1..end].iter().map(|(e, _)| e));
                out.images.push(Image { src, alt, title: String::new(), figure: false, line, column });
            }
            _ => {}
        }
    }
}

/// The sentence around the link that starts at event `i`, cut to its own block (paragraph, list
/// item, heading, table cell). Only enough of the block is read on each side for the sentence's
/// last (first) [`CONTEXT_WORDS`] words: a link in a long paragraph costs what one in a short one
/// does, instead of reading the whole paragraph again for every link in it.
fn context_of(events: &[(Event<'_>, Range<usize>)], i: usize) -> LinkContext {
    let starts_block =
        |e: &Event<'_>| matches!(e, Event::Start(Tag::Paragraph | Tag::Item | Tag::Heading { .. } | Tag::TableCell));
    let ends_block = |e: &Event<'_>| {
        matches!(e, Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell))
    };
    let (mut start, mut words) = (i, Words::default());
    while start > 0 && !starts_block(&events[start - 1].0) && !words.enough() {
        start -= 1;
        words.add(&events[start].0, Side::Before);
    }
    let link_end = (i + 1..events.len()).find(|&j| matches!(events[j].0, Event::End(TagEnd::Link))).unwrap_or(i);
    let (mut end, mut words) = (link_end + 1, Words::default());
    while end < events.len() && !ends_block(&events[end].0) && !words.enough() {
        words.add(&events[end].0, Side::After);
        end += 1;
    }
    let end = end.min(events.len());
    let text = |range: Range<usize>| spaced_text(events[range].iter().map(|(e, _)| e));
    let before = text(start..i);
    let after = text((link_end + 1).min(end)..end);
    LinkContext {
        before: sentence_tail(before.trim_start()),
        text: text(i + 1..link_end).trim().to_string(),
        after: sentence_head(after.trim_end()),
    }
}

/// Which side of a link a piece of text is gathered on: pieces before it are put in front.
#[derive(Clone, Copy)]
enum Side {
    Before,
    After,
}

/// A low count of the whole words of text gathered piece by piece away from a link. Once it
/// passes [`CONTEXT_WORDS`] + 1, a word cut at the far edge is not among the words kept, so the
/// rest of the block cannot change the context.
#[derive(Default)]
struct Words {
    count: usize,
    /// Whether the gathered text's far edge is inside a word, which the next piece may go on.
    far_edge_in_word: bool,
}

impl Words {
    fn enough(&self) -> bool {
        self.count > CONTEXT_WORDS + 1
    }

    fn add(&mut self, e: &Event<'_>, side: Side) {
        let piece: &str = match e {
            Event::Text(t) | Event::Code(t) => t,
            Event::SoftBreak | Event::HardBreak => " ",
            _ => return,
        };
        let in_word = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace());
        let (near, far) = match side {
            Side::Before => (piece.chars().next_back(), piece.chars().next()),
            Side::After => (piece.chars().next(), piece.chars().next_back()),
        };
        // Counted no further than `enough` needs: a long piece is not read to its end.
        let n = words_in(piece).take(CONTEXT_WORDS + 3).count();
        // A word that runs across the join counts once.
        self.count += n - usize::from(n > 0 && in_word(near) && self.far_edge_in_word);
        if !piece.is_empty() {
            self.far_edge_in_word = in_word(far);
        }
    }
}

/// The text of some inline events, whitespace collapsed but kept at the ends, so that the
/// pieces around a link join as they were written.
fn spaced_text<'a>(events: impl Iterator<Item = &'a Event<'a>>) -> String {
    let mut out = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => push_collapsed(&mut out, t),
            Event::SoftBreak | Event::HardBreak => push_collapsed(&mut out, " "),
            _ => {}
        }
    }
    out
}

/// Appends `piece` with each run of whitespace made one space, also across the join with what
/// `out` ends in. Copies a word at a time: a character at a time was a quarter of the Markdown
/// stage on pages with many links.
fn push_collapsed(out: &mut String, piece: &str) {
    out.reserve(piece.len());
    let mut rest = piece;
    while let Some((at, len)) = find_whitespace(rest) {
        out.push_str(&rest[..at]);
        if !out.ends_with(' ') {
            out.push(' ');
        }
        rest = &rest[at + len..];
    }
    out.push_str(rest);
}

/// The start and length of the first whitespace character of `s` ([`char::is_whitespace`]),
/// tested a byte at a time in ASCII: decoding every character was most of the cost of contexts.
fn find_whitespace(s: &str) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if matches!(b, b' ' | b'\t'..=b'\r') {
                return Some((i, 1));
            }
            i += 1;
        } else {
            // A lead byte: `i` is a character boundary, since ASCII bytes and whole characters
            // are all that was stepped over.
            let c = s[i..].chars().next()?;
            if c.is_whitespace() {
                return Some((i, c.len_utf8()));
            }
            i += c.len_utf8();
        }
    }
    None
}

/// The words of `piece` split at whitespace, as [`str::split_whitespace`] gives them.
fn words_in(piece: &str) -> impl Iterator<Item = &str> {
    let mut rest = piece;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        match find_whitespace(rest) {
            Some((0, len)) => rest = &rest[len..],
            Some((at, len)) => {
                let word = &rest[..at];
                rest = &rest[at + len..];
                return Some(word);
            }
            None => return Some(std::mem::take(&mut rest)),
        }
    })
}

/// Where the sentence that ends at `text`'s end begins: after the last `. `, `! ` or `? `.
/// `text` has single spaces between its words (see [`spaced_text`]).
fn sentence_tail(text: &str) -> String {
    let from = text.rmatch_indices([' ']).find(|(at, _)| text[..*at].ends_with(['.', '!', '?']));
    let tail = from.map_or(text, |(at, _)| &text[at + 1..]);
    let words = tail.trim_end_matches(' ');
    // The start of the last CONTEXT_WORDS words, when there are more.
    match words.rmatch_indices(' ').nth(CONTEXT_WORDS - 1) {
        None => tail.to_string(),
        Some((at, _)) => format!("…{}{}", &words[at + 1..], if tail.ends_with(' ') { " " } else { "" }),
    }
}

/// The rest of the sentence that goes on at `text`'s start: up to its `.`, `!` or `?`.
/// `text` has single spaces between its words (see [`spaced_text`]).
fn sentence_head(text: &str) -> String {
    let to = text
        .match_indices(['.', '!', '?'])
        .find(|(at, _)| text[at + 1..].is_empty() || text[at + 1..].starts_with(' '));
    let head = to.map_or(text, |(at, _)| &text[..=at]);
    let words = head.trim_start_matches(' ');
    // The end of the first CONTEXT_WORDS words, when there are more.
    match words.match_indices(' ').nth(CONTEXT_WORDS - 1) {
        None => head.to_string(),
        Some((at, _)) => format!("{}{}…", if head.starts_with(' ') { " " } else { "" }, &words[..at]),
    }
}

/// The URL a link should carry, when it differs from what was written, and its target article.
fn resolve(
    dest: &str,
    opts: &RenderOptions<'_>,
    line: usize,
    column: usize,
    diags: &mut Vec<Diagnostic>,
) -> (Option<String>, Option<String>) {
    if is_external_or_fragment(dest) {
        return (None, None);
    }
    let (path, fragment) = dest.split_once('#').map_or((dest, None), |(p, f)| (p, Some(f)));
    let (path, query) = path.split_once('?').map_or((path, None), |(p, q)| (p, Some(q)));
    if !path.ends_with(".md") {
        // A root-relative link (`/tags/`) means the site's root, which may sit under a sub-path.
        if dest.starts_with('/') && opts.base_path != "/" && !dest.starts_with(opts.base_path) {
            return (Some(format!("{}{dest}", opts.base_path.trim_end_matches('/'))), None);
        }
        return (None, None);
    }
    let Some(target) = resolve_content_path(opts.dir, path) else {
        diags.push(
            Diagnostic::error("", line, column, Problem::LinkOutsideContent { written: dest.to_string() })
                .with_help("link to articles by their path inside content/"),
        );
        return (None, None);
    };
    match opts.links.get(&target) {
        Some(url) => {
            let mut href = url.clone();
            if let Some(q) = query {
                href.push('?');
                href.push_str(q);
            }
            if let Some(f) = fragment {
                href.push('#');
                href.push_str(f);
            }
            (Some(href), Some(target))
        }
        None => {
            // In order: among equally close paths the suggestion must not depend on the map's.
            let mut known: Vec<&str> = opts.links.keys().map(String::as_str).collect();
            known.sort_unstable();
            let help = match did_you_mean(&target, known) {
                Some(s) => {
                    format!("did you mean `{s}`? (paths are relative to this file, or start at content/ with `@/`)")
                }
                None => {
                    "link to an existing article's file, relative to this file or from content/ with `@/`".to_string()
                }
            };
            diags.push(
                Diagnostic::error(
                    "",
                    line,
                    column,
                    Problem::BrokenLink { written: dest.to_string(), target: target.clone(), draft: false },
                )
                .with_help(help),
            );
            (None, Some(target))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;
    use crate::markdown::render;
    use crate::test_rng::Rng;
    use pulldown_cmark::Parser;

    #[test]
    fn content_paths_resolve_relative_and_from_root() {
        assert_eq!(resolve_content_path("smo", "../smm/a.md").as_deref(), Some("smm/a.md"));
        assert_eq!(resolve_content_path("smo/bundle", "./b.md").as_deref(), Some("smo/bundle/b.md"));
        assert_eq!(resolve_content_path("smo", "@/seo/c.md").as_deref(), Some("seo/c.md"));
        assert_eq!(resolve_content_path("smo", "/seo/c.md").as_deref(), Some("seo/c.md"));
        assert_eq!(resolve_content_path("", "../x.md"), None);
    }

    #[test]
    fn the_suggestion_for_a_missing_link_does_not_depend_on_the_maps_order() {
        // Two paths equally close to the missing one; each new HashMap iterates in its own order.
        let suggestions: std::collections::BTreeSet<String> = (0..16)
            .map(|_| {
                let links: crate::markdown::LinkMap = [
                    ("smo/r79.md".to_string(), "/smo/r79/".to_string()),
                    ("smo/r83.md".to_string(), "/smo/r83/".to_string()),
                ]
                .into_iter()
                .collect();
                let opts = RenderOptions::defaults("smo", &links);
                let (_, d) = render("[a](r.md)\n", &opts);
                d[0].help.clone().unwrap_or_default()
            })
            .collect();
        assert_eq!(suggestions.len(), 1, "{suggestions:?}");
    }

    #[test]
    fn root_relative_links_get_the_sub_path() {
        let links = crate::markdown::LinkMap::default();
        let opts = RenderOptions { base_path: "/guide/", ..RenderOptions::defaults("", &links) };
        let (r, _) = render("[tags](/tags/) ![x](/img/x.png) [ext](https://x.org/) [in](#a)\n", &opts);
        assert!(r.html.contains("href=\"/guide/tags/\""), "{}", r.html);
        assert_eq!(r.images[0].src, "/guide/img/x.png");
        assert!(r.html.contains("href=\"https://x.org/\"") && r.html.contains("href=\"#a\""));
    }

    #[test]
    fn md_links_become_urls_and_missing_ones_are_errors() {
        let links: crate::markdown::LinkMap =
            [("smm/ads.md".to_string(), "/guide/smm/ads/".to_string())].into_iter().collect();
        let opts = RenderOptions::defaults("smo", &links);
        let (r, d) = render("[ads](../smm/ads.md#targeting) [x](https://x.com/a.md)\n\n[gone](nope.md)\n", &opts);
        assert!(r.html.contains("href=\"/guide/smm/ads/#targeting\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://x.com/a.md\""));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].position, Some(Position::new(3, 1)));
        assert_eq!(d[0].problem.link_target(), Some("smo/nope.md"), "{}", d[0]);
    }

    #[test]
    fn links_to_articles_carry_their_sentence() {
        let links: crate::markdown::LinkMap =
            [("smm/ads.md".to_string(), "/smm/ads/".to_string())].into_iter().collect();
        let opts = RenderOptions::defaults("smo", &links);
        let long = "word ".repeat(40);
        let text = format!(
            "First sentence. Read *the* [ads `guide`](../smm/ads.md) before\nposting! Then more.\n\n- {long}[ads](../smm/ads.md) {long}\n"
        );
        let (r, _) = render(&text, &opts);
        let c = r.links[0].context.as_ref().unwrap().get();
        assert_eq!(
            (c.before.as_str(), c.text.as_str(), c.after.as_str()),
            ("Read the ", "ads guide", " before posting!")
        );
        let c = r.links[1].context.as_ref().unwrap().get();
        assert_eq!(c.before, format!("…{}", "word ".repeat(25)));
        assert_eq!(c.after, format!(" {}…", ["word"; 25].join(" ")));
        let (r, _) = render("[x](https://x.org/)\n", &opts);
        assert_eq!(r.links[0].context, None, "only links to articles");
    }

    /// The context read from a window of the block equals the one read from the whole block,
    /// whatever the words' split into events (emphasis, code, line breaks) and sentence ends.
    #[test]
    fn a_links_context_is_read_from_enough_of_its_block() {
        let links: crate::markdown::LinkMap = [("a.md".to_string(), "/a/".to_string())].into_iter().collect();
        let opts = RenderOptions::defaults("", &links);
        let pieces = ["w", "*em*", "`c`", "x*y*z", "end.", "end!\n", "3.5", "\n", "**b** ", "a.b"];
        for seed in 0..200u64 {
            let mut rng = Rng::new(seed);
            let mut body = String::new();
            for _ in 0..(20 + rng.below(80)) {
                let p = if rng.below(12) == 0 { "[t *u*](a.md)" } else { rng.pick(&pieces) };
                body.push_str(p);
                body.push_str(if rng.below(3) == 0 { "" } else { " " });
            }
            body.push_str(" [t](a.md)\n");
            let (r, _) = render(&body, &opts);
            let events: Vec<_> =
                Parser::new_ext(&body, super::super::options(false, false)).into_offset_iter().collect();
            for (i, link) in r.links.iter().enumerate() {
                let at =
                    events.iter().enumerate().filter(|(_, (e, _))| matches!(e, Event::Start(Tag::Link { .. }))).nth(i);
                let whole = whole_block_context(&events, at.unwrap().0);
                assert_eq!(link.context.as_ref().map(Hashed::get), Some(&whole), "seed {seed}: {body}");
            }
        }
    }

    /// The word-at-a-time helpers give what the character-at-a-time ones they replaced gave
    /// (kept below as the reference), for text with any whitespace, sentence ends and length.
    #[test]
    fn context_helpers_match_their_reference() {
        let pieces = [
            "w", "wörd", "日本", " ", "  ", "\t", "\u{a0}", "\u{2003}", "\u{85}", "\u{b}", "\r", "\u{1c}", "end.",
            "end!", "3.5", "?", "a.b", "\n",
        ];
        for seed in 0..2000u64 {
            let mut rng = Rng::new(seed);
            let events: Vec<Event<'_>> = (0..rng.below(90))
                .map(|_| match rng.below(10) {
                    0 => Event::SoftBreak,
                    1 => Event::Code((*rng.pick(&pieces)).into()),
                    _ => Event::Text((0..1 + rng.below(4)).map(|_| *rng.pick(&pieces)).collect::<String>().into()),
                })
                .collect();
            let text = spaced_text(events.iter());
            assert_eq!(text, reference_spaced_text(events.iter()), "seed {seed}");
            for e in &events {
                if let Event::Text(t) | Event::Code(t) = e {
                    assert!(words_in(t).eq(t.split_whitespace()), "{t:?}");
                }
            }
            assert_eq!(sentence_tail(text.trim_start()), reference_sentence_tail(text.trim_start()), "{text:?}");
            assert_eq!(sentence_head(text.trim_end()), reference_sentence_head(text.trim_end()), "{text:?}");
        }
    }

    fn reference_spaced_text<'a>(events: impl Iterator<Item = &'a Event<'a>>) -> String {
        let mut s = String::new();
        for e in events {
            match e {
                Event::Text(t) | Event::Code(t) => s.push_str(t),
                Event::SoftBreak | Event::HardBreak => s.push(' '),
                _ => {}
            }
        }
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if !(c.is_whitespace() && out.ends_with(' ')) {
                out.push(if c.is_whitespace() { ' ' } else { c });
            }
        }
        out
    }

    fn reference_sentence_tail(text: &str) -> String {
        let from = text.rmatch_indices([' ']).find(|(at, _)| text[..*at].ends_with(['.', '!', '?']));
        let tail = from.map_or(text, |(at, _)| &text[at + 1..]);
        let words: Vec<&str> = tail.split(' ').filter(|w| !w.is_empty()).collect();
        if words.len() <= CONTEXT_WORDS {
            return tail.to_string();
        }
        let kept = words[words.len() - CONTEXT_WORDS..].join(" ");
        format!("…{kept}{}", if tail.ends_with(' ') { " " } else { "" })
    }

    fn reference_sentence_head(text: &str) -> String {
        let to = text
            .match_indices(['.', '!', '?'])
            .find(|(at, _)| text[at + 1..].is_empty() || text[at + 1..].starts_with(' '));
        let head = to.map_or(text, |(at, _)| &text[..=at]);
        let words: Vec<&str> = head.split(' ').filter(|w| !w.is_empty()).collect();
        if words.len() <= CONTEXT_WORDS {
            return head.to_string();
        }
        let kept = words[..CONTEXT_WORDS].join(" ");
        format!("{}{kept}…", if head.starts_with(' ') { " " } else { "" })
    }

    /// The context as it was read before windows: from the whole block.
    fn whole_block_context(events: &[(Event<'_>, Range<usize>)], i: usize) -> LinkContext {
        let start = (0..i)
            .rev()
            .find(|&j| {
                matches!(events[j].0, Event::Start(Tag::Paragraph | Tag::Item | Tag::Heading { .. } | Tag::TableCell))
            })
            .map_or(0, |j| j + 1);
        let link_end = (i + 1..events.len()).find(|&j| matches!(events[j].0, Event::End(TagEnd::Link))).unwrap();
        let end = (link_end + 1..events.len())
            .find(|&j| {
                matches!(
                    events[j].0,
                    Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell)
                )
            })
            .unwrap_or(events.len());
        let text = |range: Range<usize>| spaced_text(events[range].iter().map(|(e, _)| e));
        LinkContext {
            before: sentence_tail(text(start..i).trim_start()),
            text: text(i + 1..link_end).trim().to_string(),
            after: sentence_head(text(link_end + 1..end).trim_end()),
        }
    }
}
