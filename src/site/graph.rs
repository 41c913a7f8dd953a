//! Between articles: the articles that link to each one (backlinks, with the sentence around the
//! link) and the articles related to it by shared tags, then section. Both come from the model
//! alone: the links each render already recorded, and the tags and sections of the pages.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};

use super::Page;
use crate::markdown::Rendered;

/// An article that links to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlink {
    /// The linking article (an index into [`Site::pages`](super::Site::pages)).
    pub page: usize,
    /// Its first link to the target (an index into its `rendered.links`).
    pub link: usize,
}

/// Each page's backlinks: the other articles that link to it, one entry per article (its first
/// link), newest first. `by_date` lists the pages newest first.
pub fn backlinks(pages: &[Page], by_date: &[usize]) -> Vec<Vec<Backlink>> {
    let by_rel = index_by_rel(pages);
    let mut found: Vec<Vec<Backlink>> = vec![Vec::new(); pages.len()];
    // Linking pages taken newest first give each list in order, with no sort.
    for &i in by_date {
        for (k, t) in first_links(&pages[i].rendered, i, &by_rel) {
            found[t].push(Backlink { page: i, link: k });
        }
    }
    found
}

/// The backlinks of `pages` made from `last`, the lists of an earlier build of the same pages in
/// the same order, of which only the pages in `changed` were rendered anew (each with its earlier
/// render): their old links leave the lists, their new ones join them in date order. An edit of
/// one article's text so costs its own links, not a walk over every link of the site.
pub fn patch_backlinks(
    mut last: Vec<Vec<Backlink>>,
    pages: &[Page],
    by_date: &[usize],
    changed: &[(usize, &Rendered)],
) -> Vec<Vec<Backlink>> {
    let by_rel = index_by_rel(pages);
    let mut rank = vec![0; pages.len()];
    for (r, &i) in by_date.iter().enumerate() {
        rank[i] = r;
    }
    for &(i, old) in changed {
        for (_, t) in first_links(old, i, &by_rel) {
            last[t].retain(|b| b.page != i);
        }
        for (k, t) in first_links(&pages[i].rendered, i, &by_rel) {
            let at = last[t].partition_point(|b| rank[b.page] < rank[i]);
            last[t].insert(at, Backlink { page: i, link: k });
        }
    }
    last
}

fn index_by_rel(pages: &[Page]) -> FxHashMap<&str, usize> {
    pages.iter().enumerate().map(|(i, p)| (p.source.rel.as_str(), i)).collect()
}

/// The pages page `i`'s render links to (not itself), each once, with the index of its first link
/// there.
fn first_links(rendered: &Rendered, i: usize, by_rel: &FxHashMap<&str, usize>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (k, link) in rendered.links.iter().enumerate() {
        let Some(&t) = link.target.as_deref().and_then(|t| by_rel.get(t)) else { continue };
        if t != i && !out.iter().any(|&(_, seen)| seen == t) {
            out.push((k, t));
        }
    }
    out
}

/// All that related articles are made of: the count asked for, and each page's section, tags
/// and rank by date. [`related`] reads nothing else, so equal inputs give equal lists, and
/// their digest is a complete key for reusing the lists of an earlier build.
#[derive(Debug, Hash)]
pub struct RelatedInputs {
    count: usize,
    /// Each page's section (an index into the site's sections).
    section: Vec<u32>,
    /// Each page's tags (indices into the site's tags).
    tags: Vec<Vec<u32>>,
    /// Each page's rank by date (0 for the newest; ties go by title, then path).
    rank: Vec<u32>,
}

impl RelatedInputs {
    /// The inputs of `pages`, of which `by_date` lists the indices newest first.
    pub fn new(pages: &[Page], by_date: &[usize], count: usize) -> RelatedInputs {
        let mut rank = vec![0; pages.len()];
        for (r, &i) in by_date.iter().enumerate() {
            rank[i] = r as u32;
        }
        RelatedInputs {
            count,
            section: pages.iter().map(|p| p.section as u32).collect(),
            tags: pages.iter().map(|p| p.tags.iter().map(|&t| t as u32).collect()).collect(),
            rank,
        }
    }

    /// A digest of the inputs, the key of the lists they give.
    pub fn digest(&self) -> u64 {
        let mut h = FxHasher::default();
        self.hash(&mut h);
        h.finish()
    }
}

/// Each page's related articles: up to `count` other articles, those sharing the most tags
/// first, then those of the same section; ties go to the newest (then by title and path).
pub fn related(inputs: &RelatedInputs) -> Vec<Vec<usize>> {
    let n = inputs.rank.len();
    if inputs.count == 0 {
        return vec![Vec::new(); n];
    }
    let mut order = vec![0; n];
    for (i, &r) in inputs.rank.iter().enumerate() {
        order[r as usize] = i;
    }
    let members = |of: &mut Vec<Vec<usize>>, i: usize, group: u32| {
        let g = group as usize;
        if of.len() <= g {
            of.resize_with(g + 1, Vec::new);
        }
        of[g].push(i);
    };
    let (mut by_tag, mut by_section) = (Vec::new(), Vec::new());
    for i in 0..n {
        inputs.tags[i].iter().for_each(|&t| members(&mut by_tag, i, t));
        members(&mut by_section, i, inputs.section[i]);
    }
    let groups = Groups { inputs, order: &order, by_tag: &by_tag, by_section: &by_section };
    // Each thread counts shared tags in a table of its own, cleared after each page.
    (0..n).into_par_iter().map_init(|| vec![0u32; n], |shared, i| related_to(groups, shared, i)).collect()
}

/// The inputs, and the pages of each rank, tag and section.
#[derive(Clone, Copy)]
struct Groups<'a> {
    inputs: &'a RelatedInputs,
    order: &'a [usize],
    by_tag: &'a [Vec<usize>],
    by_section: &'a [Vec<usize>],
}

/// Bits of a packed sort key below the "other section" bit: the rank.
const RANK_BITS: u32 = 40;

/// The related articles of page `i`; `shared` is all zeros on entry and on return.
fn related_to(g: Groups<'_>, shared: &mut [u32], i: usize) -> Vec<usize> {
    let (inputs, count) = (g.inputs, g.inputs.count);
    let mut touched = Vec::new();
    for &t in &inputs.tags[i] {
        for &j in g.by_tag[t as usize].iter().filter(|&&j| j != i) {
            if shared[j] == 0 {
                touched.push(j);
            }
            shared[j] += 1;
        }
    }
    // Most shared tags first, then the same section, then the newest: packed into one integer per
    // candidate, as a popular tag makes thousands of them.
    let mut keys: Vec<u64> = touched
        .iter()
        .map(|&j| {
            let fewer = u64::from(u16::MAX - shared[j].min(u32::from(u16::MAX)) as u16);
            let other = u64::from(inputs.section[j] != inputs.section[i]);
            (fewer << (RANK_BITS + 1)) | (other << RANK_BITS) | u64::from(inputs.rank[j])
        })
        .collect();
    let mut list: Vec<usize> =
        first_by(&mut keys, count).into_iter().map(|k| g.order[(k & ((1 << RANK_BITS) - 1)) as usize]).collect();
    if list.len() < count {
        // The newest of the section fill what tags leave.
        let mut mates: Vec<u64> = g.by_section[inputs.section[i] as usize]
            .iter()
            .filter(|&&j| j != i && shared[j] == 0)
            .map(|&j| u64::from(inputs.rank[j]))
            .collect();
        list.extend(first_by(&mut mates, count - list.len()).into_iter().map(|r| g.order[r as usize]));
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
