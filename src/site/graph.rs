//! Between articles: the articles that link to each one (backlinks, with the sentence around the
//! link) and the articles related to it by shared tags, then section. Both come from the model
//! alone: the links each render already recorded, and the tags and sections of the pages.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{newest_key, Page, Section, Tag};

/// An article that links to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlink {
    /// The linking article (an index into [`Site::pages`](super::Site::pages)).
    pub page: usize,
    /// Its first link to the target (an index into its `rendered.links`).
    pub link: usize,
}

/// Sets each page's `backlinks`: the other articles that link to it, one entry per article (its
/// first link), newest first.
pub fn backlinks(pages: &mut [Page]) {
    let by_rel: FxHashMap<&str, usize> = pages.iter().enumerate().map(|(i, p)| (p.source.rel.as_str(), i)).collect();
    let mut found: Vec<Vec<Backlink>> = vec![Vec::new(); pages.len()];
    for (i, p) in pages.iter().enumerate() {
        for (k, link) in p.rendered.links.iter().enumerate() {
            let Some(&t) = link.target.as_deref().and_then(|t| by_rel.get(t)) else { continue };
            if t != i && found[t].last().is_none_or(|b| b.page != i) {
                found[t].push(Backlink { page: i, link: k });
            }
        }
    }
    for list in &mut found {
        list.sort_by_cached_key(|b| newest_key(&pages[b.page]));
    }
    for (p, list) in pages.iter_mut().zip(found) {
        p.backlinks = list;
    }
}

/// Sets each page's `related`: up to `count` other articles, those sharing the most tags first,
/// then those of the same section; ties go to the newest, then by path.
pub fn related(pages: &mut [Page], sections: &[Section], tags: &[Tag], count: usize) {
    if count == 0 {
        pages.iter_mut().for_each(|p| p.related.clear());
        return;
    }
    // Each page's rank among all by date (newest first, then title and path): ties compare as
    // one number.
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by_cached_key(|&i| newest_key(&pages[i]));
    let mut rank = vec![0; pages.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let pages_ref: &[Page] = pages;
    let ranked = Ranked { rank: &rank, order: &order };
    // Each thread counts shared tags in a table of its own, cleared after each page.
    let related: Vec<Vec<usize>> = (0..pages_ref.len())
        .into_par_iter()
        .map_init(
            || vec![0u32; pages_ref.len()],
            |shared, i| related_to(pages_ref, sections, tags, ranked, shared, i, count),
        )
        .collect();
    for (p, list) in pages.iter_mut().zip(related) {
        p.related = list;
    }
}

/// Each page's rank by date, and the page of each rank.
#[derive(Clone, Copy)]
struct Ranked<'a> {
    rank: &'a [usize],
    order: &'a [usize],
}

/// Bits of a packed sort key below the "other section" bit: the rank.
const RANK_BITS: u32 = 40;

/// The related articles of page `i`; `shared` is all zeros on entry and on return.
fn related_to(
    pages: &[Page],
    sections: &[Section],
    tags: &[Tag],
    ranked: Ranked<'_>,
    shared: &mut [u32],
    i: usize,
    count: usize,
) -> Vec<usize> {
    let p = &pages[i];
    let mut touched = Vec::new();
    for &t in &p.tags {
        for &j in tags[t].pages.iter().filter(|&&j| j != i) {
            if shared[j] == 0 {
                touched.push(j);
            }
            shared[j] += 1;
        }
    }
    // Most shared tags first, then the same section, then the newest: packed into one integer per
    // candidate, as a popular tag makes thousands of them and comparing tuples that reach into
    // each page was most of an incremental build's time on 10,000 articles.
    let mut keys: Vec<u64> = touched
        .iter()
        .map(|&j| {
            let fewer = u64::from(u16::MAX - shared[j].min(u32::from(u16::MAX)) as u16);
            let other = u64::from(pages[j].section != p.section);
            (fewer << (RANK_BITS + 1)) | (other << RANK_BITS) | ranked.rank[j] as u64
        })
        .collect();
    let mut list: Vec<usize> =
        first_by(&mut keys, count).into_iter().map(|k| ranked.order[(k & ((1 << RANK_BITS) - 1)) as usize]).collect();
    if list.len() < count {
        // The newest of the section fill what tags leave.
        let mut mates: Vec<u64> = sections[p.section]
            .pages
            .iter()
            .filter(|&&j| j != i && shared[j] == 0)
            .map(|&j| ranked.rank[j] as u64)
            .collect();
        list.extend(first_by(&mut mates, count - list.len()).into_iter().map(|r| ranked.order[r as usize]));
    }
    touched.iter().for_each(|&j| shared[j] = 0);
    list
}

/// The first `n` of `items`, in order: only those need sorting, as a popular tag touches
/// thousands of pages.
fn first_by(items: &mut [u64], n: usize) -> Vec<u64> {
    if items.len() > n && n > 0 {
        items.select_nth_unstable(n - 1);
    }
    let mut first = items[..n.min(items.len())].to_vec();
    first.sort_unstable();
    first
}
