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
    /// The digest of that link's sentence, so that the target's page key need not read the
    /// linking article's render (one per backlink, on every page of every build).
    pub sentence: u64,
}

impl Backlink {
    fn new(page: usize, link: usize, rendered: &Rendered) -> Backlink {
        let sentence = rendered.links[link].context.as_ref().map_or(0, crate::cache::key::Hashed::digest);
        Backlink { page, link, sentence }
    }
}

/// Each page's backlinks: the other articles that link to it, one entry per article (its first
/// link), newest first. `by_date` lists the pages newest first.
pub fn backlinks(pages: &[Page], by_date: &[usize]) -> Vec<Vec<Backlink>> {
    let by_rel = index_by_rel(pages);
    let mut found: Vec<Vec<Backlink>> = vec![Vec::new(); pages.len()];
    // Linking pages taken newest first give each list in order, with no sort.
    for &i in by_date {
        for (k, t) in first_links(&pages[i].rendered, i, &by_rel) {
            found[t].push(Backlink::new(i, k, &pages[i].rendered));
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
            last[t].insert(at, Backlink::new(i, k, &pages[i].rendered));
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
    /// Each page's tags (indices into the site's tags, each once).
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
    let groups = Groups::new(inputs);
    // Each thread counts in a table of its own, cleared after each page.
    (0..n).into_par_iter().map_init(|| vec![0; n], |hits, i| related_to(&groups, hits, i)).collect()
}

/// The inputs, and the pages of each tag, pair of tags, tag in a section, and section, each list
/// newest first: a page's candidates are read from the smallest lists that hold them. Counting
/// the shared tags of every page that shares one made the stage quadratic: with 50 tags, each
/// of 100,000 articles counted 18,000 others.
struct Groups<'a> {
    inputs: &'a RelatedInputs,
    order: Vec<usize>,
    by_tag: Vec<Vec<usize>>,
    by_pair: FxHashMap<(u32, u32), Vec<usize>>,
    by_tag_section: FxHashMap<(u32, u32), Vec<usize>>,
    by_section: Vec<Vec<usize>>,
}

impl<'a> Groups<'a> {
    fn new(inputs: &'a RelatedInputs) -> Groups<'a> {
        let n = inputs.rank.len();
        let mut order = vec![0; n];
        for (i, &r) in inputs.rank.iter().enumerate() {
            order[r as usize] = i;
        }
        let push = |of: &mut Vec<Vec<usize>>, g: u32, i: usize| {
            let g = g as usize;
            if of.len() <= g {
                of.resize_with(g + 1, Vec::new);
            }
            of[g].push(i);
        };
        let (mut by_tag, mut by_section) = (Vec::new(), Vec::new());
        let (mut by_pair, mut by_tag_section) = (FxHashMap::default(), FxHashMap::default());
        for &i in &order {
            let (tags, section) = (&inputs.tags[i], inputs.section[i]);
            for (k, &t) in tags.iter().enumerate() {
                push(&mut by_tag, t, i);
                by_tag_section.entry((t, section)).or_insert_with(Vec::new).push(i);
                for &u in &tags[k + 1..] {
                    by_pair.entry(pair(t, u)).or_insert_with(Vec::new).push(i);
                }
            }
            push(&mut by_section, section, i);
        }
        Groups { inputs, order, by_tag, by_pair, by_tag_section, by_section }
    }
}

/// The key of a pair of tags in [`Groups::by_pair`], the same in either order.
fn pair(t: u32, u: u32) -> (u32, u32) {
    (t.min(u), t.max(u))
}

/// The related articles of page `i`. `hits` is all zero on entry and on return: a page is seen
/// once its entry is not zero.
///
/// A page sharing `s` of page `i`'s tags is in exactly `s (s - 1) / 2` of the lists of its pairs
/// of tags, so counting how often each page turns up gives the number of tags it shares
/// without reading its tags: the walk over those lists, the stage's whole cost on a large site
/// with few tags, touches one counter per entry.
fn related_to(g: &Groups<'_>, hits: &mut [u32], i: usize) -> Vec<usize> {
    let inputs = g.inputs;
    let (count, tags, section) = (inputs.count, &inputs.tags[i], inputs.section[i]);
    let mut touched = Vec::new();
    for (k, &t) in tags.iter().enumerate() {
        for &u in &tags[k + 1..] {
            for &j in g.by_pair.get(&pair(t, u)).map_or(&[][..], Vec::as_slice) {
                if j != i {
                    if hits[j] == 0 {
                        touched.push(j);
                    }
                    hits[j] += 1;
                }
            }
        }
    }
    // Those sharing two tags or more, by most shared, then same section, then newest.
    let mut keys: Vec<u64> = touched
        .iter()
        .map(|&j| {
            let shared = shared_tags(hits[j]);
            let fewer = u64::from(u16::MAX - shared.min(u32::from(u16::MAX)) as u16);
            let other = u64::from(inputs.section[j] != section);
            (fewer << (RANK_BITS + 1)) | (other << RANK_BITS) | u64::from(inputs.rank[j])
        })
        .collect();
    hits[i] = 1;
    touched.push(i);
    let mut list: Vec<usize> =
        first_by(&mut keys, count).into_iter().map(|k| g.order[(k & ((1 << RANK_BITS) - 1)) as usize]).collect();
    // Then those sharing one tag: of the same section, then of others; then the newest of the
    // section fill what tags leave.
    let same = |t: u32| g.by_tag_section.get(&(t, section)).map_or(&[][..], Vec::as_slice);
    let lists: Vec<&[usize]> = tags.iter().map(|&t| same(t)).collect();
    newest_unseen(g, &lists, count, (&mut list, hits, &mut touched));
    // Every page of the section sharing a tag is in the list when it gets here.
    let lists: Vec<&[usize]> = tags.iter().map(|&t| g.by_tag[t as usize].as_slice()).collect();
    newest_unseen(g, &lists, count, (&mut list, hits, &mut touched));
    let mates = &g.by_section[section as usize][..];
    newest_unseen(g, &[mates], count, (&mut list, hits, &mut touched));
    touched.iter().for_each(|&j| hits[j] = 0);
    list
}

/// The number of tags `s` a page shares when it is in `pairs = s (s - 1) / 2` lists of pairs.
fn shared_tags(pairs: u32) -> u32 {
    ((1 + 8 * u64::from(pairs)).isqrt() as u32).div_ceil(2)
}

/// Fills `list` up to `count` with the newest pages of `lists` (each newest first) that were
/// not seen, and marks them seen. Each list is walked only until it gives what is
/// still needed, so the walk costs what is listed, not the size of a popular tag. (A later
/// step walks only when an earlier one ran out: then every page it skipped is marked.)
fn newest_unseen(
    g: &Groups<'_>,
    lists: &[&[usize]],
    count: usize,
    (list, hits, touched): (&mut Vec<usize>, &mut [u32], &mut Vec<usize>),
) {
    let need = count.saturating_sub(list.len());
    if need == 0 {
        return;
    }
    let mut found: Vec<u64> = Vec::new();
    for l in lists {
        let mut taken = 0;
        for &j in l.iter() {
            if taken == need {
                break;
            }
            let rank = u64::from(g.inputs.rank[j]);
            if hits[j] == 0 && !found.contains(&rank) {
                found.push(rank);
                taken += 1;
            }
        }
    }
    for r in first_by(&mut found, need) {
        let j = g.order[r as usize];
        hits[j] = 1;
        touched.push(j);
        list.push(j);
    }
}

/// Bits of a packed sort key below the "other section" bit: the rank.
const RANK_BITS: u32 = 40;

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

#[cfg(test)]
mod tests {
    use super::*;

    /// The related lists by definition: count the shared tags of every other page, sort all of
    /// them, take the first; then the newest of the section that share none.
    fn by_counting(inputs: &RelatedInputs) -> Vec<Vec<usize>> {
        let n = inputs.rank.len();
        let by_rank = |a: &usize, b: &usize| inputs.rank[*a].cmp(&inputs.rank[*b]);
        (0..n)
            .map(|i| {
                let shared = |j: usize| inputs.tags[j].iter().filter(|t| inputs.tags[i].contains(t)).count();
                let mut sharing: Vec<usize> = (0..n).filter(|&j| j != i && shared(j) > 0).collect();
                sharing.sort_by(|&a, &b| {
                    let other = |j: usize| inputs.section[j] != inputs.section[i];
                    shared(b).cmp(&shared(a)).then(other(a).cmp(&other(b))).then(by_rank(&a, &b))
                });
                let mut mates: Vec<usize> =
                    (0..n).filter(|&j| j != i && inputs.section[j] == inputs.section[i] && shared(j) == 0).collect();
                mates.sort_by(by_rank);
                sharing.into_iter().chain(mates).take(inputs.count).collect()
            })
            .collect()
    }

    fn random_inputs(seed: u64) -> RelatedInputs {
        let mut rng = crate::test_rng::Rng::new(seed);
        let n = 1 + rng.below(120) as usize;
        let (tag_pool, sections) = (1 + rng.below(12), 1 + rng.below(4));
        let tags = (0..n)
            .map(|_| {
                let mut tags: Vec<u32> = Vec::new();
                for _ in 0..rng.below(6) {
                    let t = rng.below(tag_pool) as u32;
                    if !tags.contains(&t) {
                        tags.push(t);
                    }
                }
                tags
            })
            .collect();
        let mut rank: Vec<u32> = (0..n as u32).collect();
        for k in (1..n).rev() {
            rank.swap(k, rng.below(k as u64 + 1) as usize);
        }
        RelatedInputs {
            count: rng.below(8) as usize,
            section: (0..n).map(|_| rng.below(sections) as u32).collect(),
            tags,
            rank,
        }
    }

    #[test]
    fn the_count_of_lists_gives_the_tags_shared() {
        for s in 2..2000u32 {
            assert_eq!(shared_tags(s * (s - 1) / 2), s);
        }
    }

    #[test]
    fn related_lists_match_counting_every_shared_tag() {
        for seed in 0..2000 {
            let inputs = random_inputs(seed);
            assert_eq!(related(&inputs), by_counting(&inputs), "seed {seed}: {inputs:?}");
        }
    }
}
