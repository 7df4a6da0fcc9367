//! Bad input: each class gives a clear message with file, line and column, exits non-zero, and
//! leaves the previous output exactly as it was.

use crate::assert_contains;
use crate::support::{Run, TestSite};

/// Builds the fixture once, applies `break_it`, builds again, and checks that the second build
/// failed with every `expected` text and left the first build's output byte for byte.
fn fails_cleanly(break_it: impl FnOnce(&TestSite), expected: &[&str]) -> Run {
    let site = TestSite::fixture("basic");
    site.build_ok(&[]);
    let before = site.output_tree();
    break_it(&site);
    let run = site.bayan(&["build"]);
    assert!(
        !run.ok,
        "the build should have failed; it printed:\n{}",
        run.stdout
    );
    assert_eq!(run.code, Some(1));
    for text in expected {
        assert_contains!(run.stderr, text);
    }
    assert!(before == site.output_tree(), "the previous output changed");
    assert_reads_well(&run.stderr);
    let leftovers: Vec<_> = std::fs::read_dir(&site.root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().contains("bayan-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
    run
}

/// Every message and help text reads as a sentence: no run of spaces inside (a line broken in
/// the source with its indentation kept), nothing trailing, the closing count last.
fn assert_reads_well(stderr: &str) {
    for line in stderr.lines() {
        let text = line
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '|' || c == '=');
        let said = text.starts_with("error: ") || text.starts_with("help: ");
        if said {
            assert!(!text.contains("  "), "a run of spaces in: {line:?}");
            assert_eq!(text, text.trim_end(), "trailing space in: {line:?}");
        }
    }
    assert!(
        stderr.trim_end().ends_with("; nothing was written"),
        "a failed build says so last:\n{stderr}"
    );
}

#[test]
fn misspelt_front_matter_key() {
    fails_cleanly(
        |s| {
            s.edit("content/articles/alpha.en.md", |t| {
                t.replace("summary:", "summry:")
            })
        },
        &[
            "error: unknown key `summry`",
            "--> content/articles/alpha.en.md:4:1",
            "4 | summry: \"Alpha summary\"",
            "help: did you mean `summary`?",
        ],
    );
}

#[test]
fn unknown_topic() {
    fails_cleanly(
        |s| {
            s.edit("content/articles/alpha.en.md", |t| {
                t.replace("topics: [one, two]", "topics: [one, tow]")
            })
        },
        &[
            "error: unknown topic `tow`",
            "--> content/articles/alpha.en.md:5:",
            "help: did you mean `two`?",
        ],
    );
}

#[test]
fn broken_at_link() {
    fails_cleanly(
        |s| {
            s.edit("content/articles/alpha.en.md", |t| {
                t.replace("@/articles/beta.md", "@/articles/betta.md")
            })
        },
        &[
            "`@/articles/betta.md` links to nothing",
            "--> content/articles/alpha.en.md:12:5",
            "did you mean `@/articles/beta.md`?",
        ],
    );
}

#[test]
fn link_to_a_missing_heading() {
    fails_cleanly(
        |s| {
            s.edit("content/articles/alpha.en.md", |t| {
                t.replace("#background", "#backgrund")
            })
        },
        &[
            "`@/topics/one.md#backgrund` links to a heading that does not exist",
            "content/articles/alpha.en.md:12:",
            "did you mean `#background`?",
        ],
    );
}

#[test]
fn yaml_syntax_error() {
    fails_cleanly(
        |s| {
            s.edit("content/topics/one.en.md", |t| {
                t.replace("title: \"Topic one\"", "title: \"Topic one")
            })
        },
        &["invalid YAML", "--> content/topics/one.en.md:"],
    );
}

#[test]
fn template_syntax_error_names_the_template_file() {
    fails_cleanly(
        |s| {
            s.edit("themes/plain/templates/page.html", |t| {
                t.replace("{{ page.title }}", "{{ page.title | nosuchfilter }}")
            })
        },
        &["--> themes/plain/templates/page.html:1:", "nosuchfilter"],
    );
}

#[test]
fn template_error_while_rendering_names_file_line_and_page() {
    fails_cleanly(
        |s| {
            s.edit("themes/plain/templates/page.html", |t| {
                t.replace("{{ page.content | safe }}", "\n{{ page.nothing.here }}")
            })
        },
        &[
            "--> themes/plain/templates/page.html:2:",
            "while rendering /",
        ],
    );
}

#[test]
fn unknown_language_suffix() {
    fails_cleanly(
        |s| s.write("content/articles/alpha.fr.md", "---\ntitle: a\n---\n"),
        &[
            "`fr` is not a language of this site",
            "--> content/articles/alpha.fr.md",
        ],
    );
}

#[test]
fn bad_slug() {
    fails_cleanly(
        |s| s.write("content/articles/Bad_Name.en.md", "---\ntitle: a\n---\n"),
        &[
            "`Bad_Name` is not a valid slug",
            "rename it to `bad-name.en.md`",
        ],
    );
}

#[test]
fn impossible_date() {
    fails_cleanly(
        |s| {
            s.edit("content/articles/alpha.en.md", |t| {
                t.replace("date: 2023-03-09", "date: 2023-02-30")
            })
        },
        &[
            "`2023-02-30` is not a day of the calendar",
            "--> content/articles/alpha.en.md:3:",
        ],
    );
}

#[test]
fn missing_required_key() {
    fails_cleanly(
        |s| {
            s.edit("content/topics/two.en.md", |t| {
                t.replace("summary: \"Summary of topic two\"\n", "")
            })
        },
        &[
            "missing required key `summary`",
            "--> content/topics/two.en.md:",
            "add a line `summary: …`",
        ],
    );
}

#[test]
fn missing_front_matter() {
    fails_cleanly(
        |s| {
            s.write(
                "content/pages/about.en.md",
                "About, without front-matter.\n",
            )
        },
        &[
            "the file has no front-matter",
            "--> content/pages/about.en.md:1:1",
        ],
    );
}

#[test]
fn not_utf8() {
    fails_cleanly(
        |s| {
            std::fs::write(
                s.path("content/pages/about.en.md"),
                b"---\ntitle: \xff\n---\n",
            )
            .unwrap()
        },
        &[
            "the file is not valid UTF-8 text",
            "content/pages/about.en.md:2:",
        ],
    );
}

#[test]
fn site_yaml_misspelt_setting() {
    fails_cleanly(
        |s| s.edit("site.yaml", |t| t.replace("paginate:", "paginte:")),
        &[
            "unknown key `paginte`",
            "--> site.yaml:9:1",
            "did you mean `paginate`?",
        ],
    );
}

#[test]
fn every_error_is_reported_at_once() {
    let run = fails_cleanly(
        |s| {
            s.edit("content/articles/alpha.en.md", |t| {
                t.replace("summary:", "summry:")
            });
            s.edit("content/topics/one.ar.md", |t| {
                t.replace("@/articles/alpha.md", "@/articles/nope.md")
            });
            s.edit("themes/plain/templates/topic.html", |t| {
                t.replace("{{ page.title }}", "{{ page.title | nosuchfilter }}")
            });
        },
        &[
            "content/articles/alpha.en.md:4:1",
            "content/topics/one.ar.md:7:",
            "themes/plain/templates/topic.html",
            "3 errors found",
        ],
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let site = TestSite::fixture("basic");
    site.write("output/notes.txt", "mine");
    let run = site.bayan(&["build"]);
    assert!(!run.ok);
    assert_contains!(run.stderr, "the output folder was not made by bayan");
    assert_eq!(site.read("output/notes.txt"), "mine");
}

#[test]
fn missing_content_folder() {
    let site = TestSite::fixture("basic");
    std::fs::remove_dir_all(site.path("content")).unwrap();
    let run = site.bayan(&["build"]);
    assert!(!run.ok);
    assert_contains!(run.stderr, "there is no content folder");
}

#[test]
fn missing_theme() {
    let site = TestSite::fixture("basic");
    site.edit("site.yaml", |t| t.replace("theme: plain", "theme: plian"));
    let run = site.bayan(&["build"]);
    assert!(!run.ok);
    assert_contains!(
        run.stderr,
        "the theme `plian` does not exist",
        "did you mean `theme: plain`?"
    );
}

#[test]
fn colour_only_on_request_or_a_terminal_and_never_with_no_color() {
    let site = TestSite::fixture("basic");
    site.edit("content/articles/alpha.en.md", |t| {
        t.replace("summary:", "summry:")
    });
    let esc = "\u{1b}[";
    let piped = site.bayan_with(&["build"], &[("NO_COLOR", None), ("CLICOLOR_FORCE", None)]);
    assert_eq!(piped.code, Some(1));
    assert!(
        !piped.stderr.contains(esc),
        "colour on a pipe:\n{}",
        piped.stderr
    );
    let forced = site.bayan_with(
        &["build"],
        &[("NO_COLOR", None), ("CLICOLOR_FORCE", Some("1"))],
    );
    assert!(
        forced.stderr.contains(esc),
        "no colour when forced:\n{}",
        forced.stderr
    );
    assert_contains!(forced.stderr, "summry");
    let no_color = site.bayan_with(
        &["build"],
        &[("NO_COLOR", Some("1")), ("CLICOLOR_FORCE", Some("1"))],
    );
    assert!(!no_color.stderr.contains(esc), "colour despite NO_COLOR");
    assert_eq!(no_color.stderr, piped.stderr);
}

/// On a real terminal (a pseudo-terminal made by util-linux's `script`), errors come in colour
/// unless `NO_COLOR` is set.
#[cfg(target_os = "linux")]
#[test]
fn colour_on_a_real_terminal() {
    let site = TestSite::fixture("basic");
    site.edit("content/articles/alpha.en.md", |t| {
        t.replace("summary:", "summry:")
    });
    let command = format!(
        "{} build --root {}",
        env!("CARGO_BIN_EXE_bayan"),
        site.root.display()
    );
    let in_terminal = |no_color: bool| {
        let mut script = std::process::Command::new("script");
        script.args(["-qec", &command, "/dev/null"]);
        script.env_remove("CLICOLOR_FORCE").env("TERM", "xterm");
        if no_color {
            script.env("NO_COLOR", "1");
        } else {
            script.env_remove("NO_COLOR");
        }
        let out = script
            .output()
            .expect("util-linux `script` runs the build in a terminal");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let coloured = in_terminal(false);
    assert!(coloured.contains("\u{1b}[31merror"), "{coloured:?}");
    assert_contains!(coloured, "summry");
    let plain = in_terminal(true);
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
    assert_contains!(plain, "error: unknown key `summry`");
}

#[test]
fn exit_codes_say_what_kind_of_failure() {
    let site = TestSite::fixture("basic");
    assert_eq!(site.bayan(&["build"]).code, Some(0));
    assert_eq!(site.bayan(&["build", "--no-such-flag"]).code, Some(2));
    site.edit("content/articles/alpha.en.md", |t| {
        t.replace("summary:", "summry:")
    });
    assert_eq!(site.bayan(&["build"]).code, Some(1));
    assert_eq!(site.bayan(&["check"]).code, Some(1));
}

#[test]
fn one_template_mistake_is_reported_once_for_all_its_pages() {
    let run = fails_cleanly(
        |s| {
            s.edit("themes/plain/templates/article.html", |t| {
                t.replace("{{ page.content | safe }}", "{{ page.nothing.here }}")
            })
        },
        &["--> themes/plain/templates/article.html:", "other page"],
    );
    assert_contains!(run.stderr, "1 error found");
}

#[test]
fn a_repeated_front_matter_key() {
    fails_cleanly(
        |s| {
            s.edit("content/articles/alpha.en.md", |t| {
                t.replace("summary:", "title: \"Again\"\nsummary:")
            })
        },
        &[
            "error: the key `title` appears twice",
            "--> content/articles/alpha.en.md:4:1",
            "help: each key may appear once",
        ],
    );
}

#[test]
fn alias_bombs_and_deep_nesting_end_quickly() {
    let mut bomb = String::from(
        "---\ntitle: \"t\"\nsummary: \"s\"\nrelated:\n  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    let mut prev = 'a';
    for n in 'b'..='j' {
        bomb.push_str(&format!(
            "  - &{n} [{}]\n",
            vec![format!("*{prev}"); 9].join(", ")
        ));
        prev = n;
    }
    bomb.push_str("---\n## Background\n");
    let nested = format!(
        "---\ntitle: \"t\"\nsummary: \"s\"\nrelated: {}{}\n---\n## Background\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    for (what, text, expected) in [
        ("alias bomb", bomb, "wrong type: found"),
        (
            "deep nesting",
            nested,
            "the YAML is nested more than 64 brackets deep",
        ),
    ] {
        let start = std::time::Instant::now();
        fails_cleanly(|s| s.write("content/topics/one.en.md", &text), &[expected]);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "{what} took {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn markdown_under_another_extension_is_not_silently_left_out() {
    fails_cleanly(
        |s| s.write("content/articles/delta.en.MD", "---\ntitle: a\n---\n"),
        &[
            "a Markdown file whose name does not end in `.md`",
            "--> content/articles/delta.en.MD",
            "rename it to `delta.en.md`",
        ],
    );
}

#[test]
fn names_that_differ_only_in_case() {
    fails_cleanly(
        |s| {
            let text = s.read("content/articles/alpha.en.md");
            s.write("content/articles/Alpha.en.md", &text);
        },
        &[
            "`Alpha` is not a valid slug",
            "`alpha.en.md` exists too",
            "merge the two files",
        ],
    );
}

#[test]
fn output_folder_that_is_the_site_inside_content_or_a_file() {
    let site = TestSite::fixture("basic");
    let root = site.root.to_string_lossy().into_owned();
    let content_out = site.path("content/out");
    site.write("notes.txt", "mine");
    let file_out = site.path("notes.txt");
    for (output, expected) in [
        (root.as_str(), "would contain the site itself"),
        (content_out.to_str().unwrap(), "inside content/"),
        (file_out.to_str().unwrap(), "is a file, not a folder"),
    ] {
        let run = site.bayan(&["build", "--output", output]);
        assert_eq!(run.code, Some(1), "{output}");
        assert_contains!(run.stderr, expected);
    }
    assert_eq!(site.read("notes.txt"), "mine");
    assert!(!content_out.exists());
}

#[test]
fn huge_and_deeply_nested_markdown_builds() {
    let site = TestSite::fixture("basic");
    let head = "---\ntitle: \"Big\"\ndate: 2023-03-10\nsummary: \"s\"\ntopics: [one]\nsource: {name: \"x\"}\n---\n";
    let paragraph = "Words of a long briefing, repeated to make the file large. ".repeat(40);
    let big = format!("{head}{}", format!("{paragraph}\n\n").repeat(4_000));
    assert!(big.len() > 9_000_000);
    site.write("content/articles/big.en.md", &big);
    let deep = format!(
        "{head}{}deep\n\n{}item\n",
        "> ".repeat(5_000),
        "- ".repeat(5_000)
    );
    site.write("content/articles/deep.en.md", &deep);
    let run = site.build_ok(&[]);
    assert_contains!(run.stdout, "built");
    assert!(site.read("output/en/articles/big/index.html").len() > 9_000_000);
    assert_contains!(site.read("output/en/articles/deep/index.html"), "deep");
}

#[test]
fn front_matter_not_closed() {
    fails_cleanly(
        |s| {
            s.write(
                "content/articles/alpha.en.md",
                "---\ntitle: \"A\"\n\nNo end.\n",
            )
        },
        &[
            "error: the front-matter is not closed",
            "--> content/articles/alpha.en.md:1:1",
        ],
    );
}

#[test]
fn file_name_without_a_language_or_in_the_wrong_folder() {
    fails_cleanly(
        |s| {
            s.write("content/articles/delta.md", "---\ntitle: a\n---\n");
            s.write("content/news/epsilon.en.md", "---\ntitle: a\n---\n");
        },
        &[
            "error: the file name has no language",
            "--> content/articles/delta.md",
            "error: a content file in an unexpected place",
            "--> content/news/epsilon.en.md",
        ],
    );
}

#[test]
fn addresses_that_would_run_script() {
    fails_cleanly(
        |s| {
            s.edit("content/articles/alpha.en.md", |t| {
                t.replace(
                    "source: {name: \"INTERPOL\"}",
                    "source: {name: \"INTERPOL\", url: \"javascript:alert(1)\"}",
                )
            });
            s.edit("content/articles/gamma.en.md", |t| {
                format!("{t}\n[Click](javascript:alert(document.cookie))\n")
            });
        },
        &[
            "error: `javascript:alert(1)` is not a web address",
            "--> content/articles/alpha.en.md:6:34",
            "error: the address `javascript:alert(document.cookie)` would run script in the reader's browser",
            "--> content/articles/gamma.en.md:",
        ],
    );
}

#[test]
fn check_finds_a_missing_anchor_and_a_link_outside_the_base_path() {
    let site = TestSite::fixture("basic");
    site.edit("themes/plain/templates/page.html", |t| {
        t.replace(
            "<h1>",
            "<a href=\"{{ url(path='en/') }}#nowhere\">x</a><a href=\"/elsewhere/\">y</a><h1>",
        )
    });
    let run = site.bayan(&["check"]);
    assert_eq!(run.code, Some(1));
    assert_contains!(
        run.stderr,
        "the link `/sub/en/#nowhere` names an anchor that is not on en/index.html",
        "the link `/elsewhere/` is outside the site's base path `/sub/`"
    );
}
