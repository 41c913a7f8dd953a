//! Page identity: which page of the output an item is, by typed ids into the site model, so
//! that an article's index can never be taken for a section's or a tag's.

use super::{Page, Section, Site, Tag};

/// An article: its place in [`Site::pages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(usize);

/// A section: its place in [`Site::sections`]; [`SectionId::HOME`] is the home page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionId(usize);

/// An author: its place in [`Site::authors`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AuthorId(usize);

/// A tag: its place in [`Site::tags`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TagId(usize);

impl PageId {
    pub fn new(index: usize) -> Self {
        PageId(index)
    }

    /// The index into [`Site::pages`].
    pub fn index(self) -> usize {
        self.0
    }
}

impl SectionId {
    /// The home page, the first section.
    pub const HOME: SectionId = SectionId(0);

    pub fn new(index: usize) -> Self {
        SectionId(index)
    }

    /// The index into [`Site::sections`].
    pub fn index(self) -> usize {
        self.0
    }
}

impl AuthorId {
    pub fn new(index: usize) -> Self {
        AuthorId(index)
    }

    /// The index into [`Site::authors`].
    pub fn index(self) -> usize {
        self.0
    }
}

impl TagId {
    pub fn new(index: usize) -> Self {
        TagId(index)
    }

    /// The index into [`Site::tags`].
    pub fn index(self) -> usize {
        self.0
    }
}

/// One HTML page of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    /// An article.
    Page(PageId),
    /// A section's listing, or home.
    Section(SectionId),
    /// Page 2, 3, ... of a paginated section's listing: (section, page number).
    Pager(SectionId, usize),
    /// Page 2, 3, ... of a paginated tag page: (tag, page number).
    TagPager(TagId, usize),
    /// The tag index of a language (an index into
    /// [`Config::language_codes`](crate::config::Config::language_codes)): `/tags/`, `/fr/tags/`.
    Tags(usize),
    /// One tag's page.
    Tag(TagId),
    /// The hub that lists every comparison table.
    Comparisons,
    /// The 404 page of a language: `404.html`, `fr/404.html`.
    NotFound(usize),
    /// The search page of a language (`/search/`, `/fr/search/`).
    Search(usize),
    /// An author's page (`/authors/<id>/`).
    Author(AuthorId),
    /// The index of authors (`/authors/`), when the theme has `authors.html`.
    Authors,
}

impl Site {
    /// The article `id`.
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id.0]
    }

    /// The section `id`.
    pub fn section(&self, id: SectionId) -> &Section {
        &self.sections[id.0]
    }

    /// The tag `id`.
    pub fn tag(&self, id: TagId) -> &Tag {
        &self.tags[id.0]
    }

    /// The ids of every article, in [`Site::pages`] order.
    pub fn page_ids(&self) -> impl Iterator<Item = PageId> {
        (0..self.pages.len()).map(PageId)
    }

    /// The ids of every section, home first.
    pub fn section_ids(&self) -> impl Iterator<Item = SectionId> {
        (0..self.sections.len()).map(SectionId)
    }

    /// The author `id`.
    pub fn author(&self, id: AuthorId) -> &super::Author {
        &self.authors[id.0]
    }

    /// The ids of every author, in [`Site::authors`] order.
    pub fn author_ids(&self) -> impl Iterator<Item = AuthorId> {
        (0..self.authors.len()).map(AuthorId)
    }

    /// The ids of every tag, in [`Site::tags`] order.
    pub fn tag_ids(&self) -> impl Iterator<Item = TagId> {
        (0..self.tags.len()).map(TagId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_give_back_their_index_and_home_is_the_first_section() {
        assert_eq!((PageId::new(3).index(), TagId::new(4).index()), (3, 4));
        assert_eq!(SectionId::HOME, SectionId::new(0));
    }
}
