//! Listings split into pages of `paginate` items, with links to the first and last pages and a
//! window around the current one (so that no page grows with the site).

use serde::Serialize;

use super::views::{Cards, Hashed};
use crate::site::Site;
use crate::urls::paged;

/// How many pages either side of the current one a paginator links.
const PAGE_WINDOW: usize = 2;

/// `paginator` in a listing's context.
#[derive(Serialize, Hash)]
pub struct Paginator<'a, 'b> {
    items: Cards<'a, 'b>,
    number: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

/// An entry of a paginator's `pages`: a page to link, or a gap where pages are left out.
#[derive(Serialize, Hash)]
#[serde(untagged)]
enum PageLink {
    Page {
        number: usize,
        url: String,
        gap: bool,
    },
    Gap {
        gap: bool,
    },
}

/// How many pages a listing of `items` takes (at least one, even when empty).
pub fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// Page `page` of the listing at `base` (a path under the site) of `items`.
pub fn paginator<'a, 'b>(
    site: &Site,
    base: &str,
    items: usize,
    card: impl Fn(usize) -> &'a Hashed<'b>,
    page: usize,
) -> Paginator<'a, 'b> {
    let per = site.config.paginate;
    let total = page_count(items, per);
    let url = |n: usize| site.urls.url(&paged(base, n));
    let first = (page - 1) * per;
    Paginator {
        items: Cards((first..items.min(first + per)).map(card).collect()),
        number: page,
        total,
        prev: (page > 1).then(|| url(page - 1)),
        next: (page < total).then(|| url(page + 1)),
        pages: page_numbers(page, total)
            .into_iter()
            .map(|n| match n {
                Some(number) => PageLink::Page {
                    number,
                    url: url(number),
                    gap: false,
                },
                None => PageLink::Gap { gap: true },
            })
            .collect(),
    }
}

/// The page numbers a paginator links, in order, with `None` for a gap: the first, the last and
/// [`PAGE_WINDOW`] either side of `page`. A gap of one page is shown as that page.
fn page_numbers(page: usize, total: usize) -> Vec<Option<usize>> {
    let near = page.saturating_sub(PAGE_WINDOW).max(1)..=(page + PAGE_WINDOW).min(total);
    let mut shown: Vec<usize> = std::iter::once(1)
        .chain(near)
        .chain(std::iter::once(total))
        .filter(|&n| n >= 1 && n <= total)
        .collect();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    for (i, &n) in shown.iter().enumerate() {
        match i.checked_sub(1).map(|j| n - shown[j]) {
            Some(2) => out.push(Some(n - 1)),
            Some(d) if d > 2 => out.push(None),
            _ => {}
        }
        out.push(Some(n));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(page: usize, total: usize) -> String {
        page_numbers(page, total)
            .iter()
            .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn pagination_links_the_ends_and_the_pages_near_the_current_one() {
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(2, 3), "1 2 3");
        assert_eq!(shown(1, 7), "1 2 3 … 7");
        assert_eq!(shown(4, 7), "1 2 3 4 5 6 7");
        assert_eq!(shown(5, 7), "1 2 3 4 5 6 7");
        assert_eq!(shown(250, 500), "1 … 248 249 250 251 252 … 500");
        assert_eq!(shown(500, 500), "1 … 498 499 500");
        // A gap of one page shows the page instead.
        assert_eq!(shown(5, 9), "1 2 3 4 5 6 7 8 9");
        assert_eq!(shown(6, 12), "1 … 4 5 6 7 8 … 12");
    }

    #[test]
    fn an_empty_listing_is_one_page() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(41, 20), 3);
    }
}
