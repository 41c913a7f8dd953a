//! Long listings split into pages: the first at the listing's own URL, the others at
//! `<listing>/page/2/`, `page/3/`, ...

use super::Urls;

/// How one listing is split; a listing of one page has no `per_page` and no `pagers`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paging {
    /// Articles a page, when the listing is paginated.
    pub per_page: Option<usize>,
    /// The URLs of pages 2, 3, ...
    pub pagers: Vec<Urls>,
}

impl Paging {
    /// `items` articles, `per_page` a page (0: one page), for the listing at `path`.
    pub fn new(per_page: usize, items: usize, base_url: &str, path: &str) -> Paging {
        if per_page == 0 {
            return Paging::default();
        }
        let count = items.div_ceil(per_page).max(1);
        let pagers = (2..=count).map(|n| Urls::new(base_url, &format!("{path}page/{n}/"))).collect();
        Paging { per_page: Some(per_page), pagers }
    }

    /// How many pages the listing takes.
    pub fn count(&self) -> usize {
        1 + self.pagers.len()
    }

    /// The numbers of the pages after the first (none for a listing of one page).
    pub fn later(&self) -> std::ops::RangeInclusive<usize> {
        2..=self.count()
    }

    /// The part of `items` that page `number` (from 1) shows.
    pub fn slice<'a>(&self, items: &'a [usize], number: usize) -> &'a [usize] {
        match self.per_page {
            Some(n) => {
                let start = ((number.max(1) - 1) * n).min(items.len());
                &items[start..(start + n).min(items.len())]
            }
            None => items,
        }
    }

    /// The URLs of page `number` (from 1), where `first` are the listing's own.
    pub fn urls<'a>(&'a self, first: &'a Urls, number: usize) -> &'a Urls {
        if number <= 1 {
            first
        } else {
            &self.pagers[number - 2]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_split_the_listing_and_the_last_takes_the_rest() {
        let p = Paging::new(2, 5, "https://e.org/guide/", "/smo/");
        assert_eq!(p.count(), 3);
        assert_eq!(p.later().collect::<Vec<_>>(), [2, 3]);
        let items = [10, 11, 12, 13, 14];
        assert_eq!([p.slice(&items, 1), p.slice(&items, 2), p.slice(&items, 3)], [&[10, 11][..], &[12, 13], &[14]]);
        let first = Urls::new("https://e.org/guide/", "/smo/");
        assert_eq!(p.urls(&first, 1).url, "/guide/smo/");
        assert_eq!(p.urls(&first, 3).permalink, "https://e.org/guide/smo/page/3/");
    }

    #[test]
    fn zero_or_a_short_listing_is_one_page() {
        assert_eq!(Paging::new(0, 50, "https://e.org/", "/a/").count(), 1);
        assert_eq!(Paging::default().later().count(), 0);
        let p = Paging::new(20, 0, "https://e.org/", "/a/");
        assert_eq!((p.count(), p.slice(&[], 1)), (1, &[][..]));
    }
}
