//! Properties of the small functions every URL and file name goes through, on generated input.

use bayan::config::split_base_url;
use bayan::content::{is_slug, suggest_slug};
use bayan::markdown::heading_id;
use bayan::serve::http::{Lookup, lookup};
use bayan::urls::join as join_url;
use proptest::prelude::*;

/// Path-like text: segments of letters, dots, percent signs and slashes, with Arabic.
fn path_like() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z0-9./%\\\\_ -]{0,12}(/[a-zA-Zء-ي0-9.%-]{0,8}){0,5}/?")
        .unwrap()
}

proptest! {
    #[test]
    fn join_url_puts_exactly_one_slash_between_base_and_path(
        base in "(https://example\\.org)?(/[a-z]{1,6}){0,3}/?",
        path in "/{0,3}([a-z0-9-]{1,8}/){0,4}([a-z]{1,5}\\.(html|xml))?",
    ) {
        let joined = join_url(&base, &path);
        prop_assert!(joined.starts_with(base.trim_end_matches('/')));
        let after_scheme = joined.strip_prefix("https://").unwrap_or(&joined);
        prop_assert!(!after_scheme.contains("//"), "{joined}");
        prop_assert!(joined.ends_with(path.trim_start_matches('/')));
        prop_assert_eq!(joined.ends_with('/'), path.is_empty() || path.ends_with('/'), "{}", joined);
    }

    #[test]
    fn a_base_url_splits_into_a_url_and_a_path_that_join_back(
        host in "[a-z]{1,10}(\\.[a-z]{2,5}){1,2}",
        segments in proptest::collection::vec("[a-z0-9-]{1,8}", 0..4),
        slash in any::<bool>(),
    ) {
        let mut url = format!("https://{host}");
        for s in &segments {
            url.push('/');
            url.push_str(s);
        }
        if slash {
            url.push('/');
        }
        let (base, path) = split_base_url(&url).expect("a valid base URL");
        prop_assert!(base.ends_with('/') && path.starts_with('/') && path.ends_with('/'));
        prop_assert_eq!(format!("https://{host}{path}"), base.clone());
        prop_assert_eq!(join_url(&base, "en/"), format!("https://{}{}en/", host, path));
    }

    #[test]
    fn a_suggested_slug_is_a_slug_and_slugs_are_kept(text in "\\PC{0,30}") {
        let s = suggest_slug(&text);
        prop_assert!(s.is_empty() || is_slug(&s), "{s:?} from {text:?}");
        prop_assert_eq!(suggest_slug(&s), s.clone());
        if is_slug(&text) {
            prop_assert_eq!(s, text);
        }
    }

    #[test]
    fn heading_ids_have_no_spaces_and_are_stable(text in "\\PC{0,40}") {
        let id = heading_id(&text);
        prop_assert!(!id.chars().any(char::is_whitespace), "{id:?}");
        prop_assert!(!id.contains(['"', '<', '>', '&', '#', '?', '/']), "{id:?}");
        prop_assert_eq!(heading_id(&id), id.clone());
    }

    #[test]
    fn serve_never_resolves_a_path_outside_the_site(
        path in path_like(),
        base in "/|/[a-z]{1,5}/",
    ) {
        let request = format!("/{path}");
        match lookup(&request, &base, |_| true) {
            Lookup::File(rel) => {
                prop_assert!(!rel.starts_with('/'), "{rel}");
                prop_assert!(!rel.split('/').any(|s| s == ".." || s == "."), "{rel}");
                prop_assert!(!rel.contains(['\\', '\0']), "{rel}");
            }
            Lookup::Redirect(to) => prop_assert!(to.starts_with('/'), "{to}"),
            Lookup::NotFound | Lookup::Refused => {}
        }
    }
}
