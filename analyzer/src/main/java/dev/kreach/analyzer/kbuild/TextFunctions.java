package dev.kreach.analyzer.kbuild;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/** GNU make's text functions over already expanded arguments; the result as words, or null when not one of them. */
final class TextFunctions {
    private TextFunctions() {
    }

    static List<String> apply(String function, List<String> args) {
        return switch (function) {
            case "subst" -> args.size() < 3 ? null : split(subst(args.get(0), args.get(1), rest(args, 2)));
            case "patsubst" -> args.size() < 3 ? null
                    : split(rest(args, 2)).stream().map(w -> patsubst(args.get(0).strip(), args.get(1).strip(), w))
                            .toList();
            case "strip" -> split(rest(args, 0));
            case "findstring" -> args.size() < 2 ? null
                    : rest(args, 1).contains(args.get(0)) ? split(args.get(0)) : List.of();
            case "filter", "filter-out" -> args.size() < 2 ? null : filter(split(args.get(0)), split(rest(args, 1)),
                    function.equals("filter"));
            case "sort" -> new ArrayList<>(new TreeSet<>(split(rest(args, 0))));
            case "word" -> {
                if (args.size() < 2) {
                    yield null;
                }
                int n = number(args.get(0));
                List<String> words = split(rest(args, 1));
                yield n < 1 ? null : n <= words.size() ? List.of(words.get(n - 1)) : List.of();
            }
            case "words" -> List.of(String.valueOf(split(rest(args, 0)).size()));
            case "wordlist" -> {
                if (args.size() < 3) {
                    yield null;
                }
                int s = number(args.get(0));
                int e = number(args.get(1));
                List<String> words = split(rest(args, 2));
                yield s < 1 || e < 0 ? null : s > words.size() || e < s ? List.of()
                        : words.subList(s - 1, Math.min(e, words.size()));
            }
            case "firstword" -> {
                List<String> words = split(rest(args, 0));
                yield words.isEmpty() ? List.of() : List.of(words.get(0));
            }
            case "lastword" -> {
                List<String> words = split(rest(args, 0));
                yield words.isEmpty() ? List.of() : List.of(words.get(words.size() - 1));
            }
            case "dir" -> split(rest(args, 0)).stream().map(w -> w.lastIndexOf('/') < 0 ? "./"
                    : w.substring(0, w.lastIndexOf('/') + 1)).toList();
            case "notdir" -> split(rest(args, 0)).stream().map(w -> w.substring(w.lastIndexOf('/') + 1)).toList();
            case "suffix" -> split(rest(args, 0)).stream().filter(w -> dot(w) >= 0).map(w -> w.substring(dot(w)))
                    .toList();
            case "basename" -> split(rest(args, 0)).stream().map(w -> dot(w) >= 0 ? w.substring(0, dot(w)) : w)
                    .toList();
            case "addsuffix" -> args.size() < 2 ? null
                    : split(rest(args, 1)).stream().map(w -> w + args.get(0).strip()).toList();
            case "addprefix" -> args.size() < 2 ? null
                    : split(rest(args, 1)).stream().map(w -> args.get(0).strip() + w).toList();
            case "join" -> {
                if (args.size() < 2) {
                    yield null;
                }
                List<String> a = split(args.get(0));
                List<String> b = split(rest(args, 1));
                List<String> out = new ArrayList<>();
                for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                    out.add((i < a.size() ? a.get(i) : "") + (i < b.size() ? b.get(i) : ""));
                }
                yield out;
            }
            default -> null;
        };
    }

    /** The arguments from {@code from} on, joined by the commas that split them (the last argument's own). */
    private static String rest(List<String> args, int from) {
        return from >= args.size() ? "" : String.join(",", args.subList(from, args.size()));
    }

    private static int dot(String word) {
        int dot = word.lastIndexOf('.');
        return dot > word.lastIndexOf('/') ? dot : -1;
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static List<String> split(String text) {
        String t = text.strip();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }

    private static String subst(String from, String to, String text) {
        return from.isEmpty() ? text : text.replace(from, to);
    }

    /** {@code %} matches any text once; without {@code %} the pattern matches the whole word. */
    static String patsubst(String pattern, String replacement, String word) {
        int pct = pattern.indexOf('%');
        if (pct < 0) {
            return word.equals(pattern) ? replacement : word;
        }
        String prefix = pattern.substring(0, pct);
        String suffix = pattern.substring(pct + 1);
        if (word.length() < prefix.length() + suffix.length() || !word.startsWith(prefix) || !word.endsWith(suffix)) {
            return word;
        }
        String stem = word.substring(prefix.length(), word.length() - suffix.length());
        int rpct = replacement.indexOf('%');
        return rpct < 0 ? replacement : replacement.substring(0, rpct) + stem + replacement.substring(rpct + 1);
    }

    static boolean matches(String pattern, String word) {
        int pct = pattern.indexOf('%');
        if (pct < 0) {
            return pattern.equals(word);
        }
        String prefix = pattern.substring(0, pct);
        String suffix = pattern.substring(pct + 1);
        return word.length() >= prefix.length() + suffix.length() && word.startsWith(prefix) && word.endsWith(suffix);
    }

    private static List<String> filter(List<String> patterns, List<String> words, boolean keep) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            boolean any = patterns.stream().anyMatch(p -> matches(p, w));
            if (any == keep) {
                out.add(w);
            }
        }
        return out;
    }
}
