package dev.connectai.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates strings matching a regular expression, compiled once. Covers what schemas use in practice: literals,
 * escapes, character classes with ranges, \d \w \s, groups with alternation, and the quantifiers ? * + {n} {n,m}.
 * {@link #compile} returns null for anything else, and the caller falls back to Datafaker's slower regexify.
 */
final class RegexGenerator {

    private interface Node {
        void emit(Random random, StringBuilder out);
    }

    private final Node root;

    private RegexGenerator(Node root) {
        this.root = root;
    }

    String next(Random random) {
        StringBuilder sb = new StringBuilder(16);
        root.emit(random, sb);
        return sb.toString();
    }

    static RegexGenerator compile(String regex) {
        String r = regex;
        if (r.startsWith("^")) {
            r = r.substring(1);
        }
        if (r.endsWith("$") && !r.endsWith("\\$")) {
            r = r.substring(0, r.length() - 1);
        }
        try {
            Parser p = new Parser(r);
            Node n = p.alternation();
            return p.pos == r.length() ? new RegexGenerator(n) : null;
        } catch (UnsupportedOperationException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        Node alternation() {
            List<Node> branches = new ArrayList<>();
            branches.add(sequence());
            while (pos < s.length() && s.charAt(pos) == '|') {
                pos++;
                branches.add(sequence());
            }
            if (branches.size() == 1) {
                return branches.get(0);
            }
            return (random, out) -> branches.get(random.nextInt(branches.size())).emit(random, out);
        }

        Node sequence() {
            List<Node> parts = new ArrayList<>();
            while (pos < s.length() && s.charAt(pos) != '|' && s.charAt(pos) != ')') {
                parts.add(quantified(atom()));
            }
            return (random, out) -> {
                for (Node n : parts) {
                    n.emit(random, out);
                }
            };
        }

        Node atom() {
            char c = s.charAt(pos++);
            switch (c) {
                case '(':
                    if (s.startsWith("?:", pos)) {
                        pos += 2;
                    } else if (s.charAt(pos) == '?') {
                        throw new UnsupportedOperationException("lookaround");
                    }
                    Node inner = alternation();
                    if (s.charAt(pos++) != ')') {
                        throw new UnsupportedOperationException("unbalanced");
                    }
                    return inner;
                case '[':
                    return chars(charClass());
                case '\\':
                    return escape(s.charAt(pos++));
                case '.':
                    return chars(range('a', 'z'));
                case '^', '$', '*', '+', '?', '{':
                    throw new UnsupportedOperationException("unexpected " + c);
                default:
                    return (random, out) -> out.append(c);
            }
        }

        Node escape(char e) {
            return chars(escapeSet(e));
        }

        /**
         * The characters an escape stands for, the same inside a class and outside: a shorthand class, a control
         * character, or the escaped character itself. Any other letter or digit (\b, \p{..}, \1, ...) is not
         * supported, so the caller falls back to the slower generator.
         */
        static String escapeSet(char e) {
            return switch (e) {
                case 'd' -> range('0', '9');
                case 'w' -> range('a', 'z') + range('A', 'Z') + range('0', '9') + "_";
                case 's' -> " ";
                // The negated classes draw from a few of the characters they allow: enough variety, always a match.
                case 'S' -> range('a', 'z') + range('A', 'Z') + range('0', '9') + "-_.";
                case 'D' -> range('a', 'z') + range('A', 'Z') + "-_.";
                case 'W' -> " -.,:;!";
                case 't' -> "\t";
                case 'n' -> "\n";
                case 'r' -> "\r";
                default -> {
                    if (Character.isLetterOrDigit(e)) {
                        throw new UnsupportedOperationException("escape \\" + e);
                    }
                    yield String.valueOf(e);
                }
            };
        }

        String charClass() {
            if (s.charAt(pos) == '^') {
                throw new UnsupportedOperationException("negated class");
            }
            StringBuilder set = new StringBuilder();
            while (s.charAt(pos) != ']') {
                char c = s.charAt(pos++);
                if (c == '\\') {
                    // Inside a class as outside: [\\s] is a space, not the letter s.
                    set.append(escapeSet(s.charAt(pos++)));
                } else if (pos + 1 < s.length() && s.charAt(pos) == '-' && s.charAt(pos + 1) != ']') {
                    char end = s.charAt(pos + 1);
                    pos += 2;
                    set.append(range(c, end));
                } else {
                    set.append(c);
                }
            }
            pos++;
            return set.toString();
        }

        Node quantified(Node atom) {
            if (pos >= s.length()) {
                return atom;
            }
            char q = s.charAt(pos);
            int min;
            int max;
            if (q == '?') {
                min = 0;
                max = 1;
            } else if (q == '*') {
                min = 0;
                max = 4;
            } else if (q == '+') {
                min = 1;
                max = 5;
            } else if (q == '{') {
                int close = s.indexOf('}', pos);
                String[] parts = s.substring(pos + 1, close).split(",", -1);
                min = Integer.parseInt(parts[0].trim());
                max = parts.length == 1 ? min : parts[1].isBlank() ? min + 4 : Integer.parseInt(parts[1].trim());
                pos = close;
            } else {
                return atom;
            }
            pos++;
            if (pos < s.length() && (s.charAt(pos) == '?' || s.charAt(pos) == '+')) {
                pos++; // lazy and possessive forms generate the same strings
            }
            int lo = min;
            // {0,65535} matches with 20 as well as with 65535: long repeats only make records huge.
            int span = Math.min(max, min + 20) - min + 1;
            return (random, out) -> {
                int n = lo + random.nextInt(span);
                for (int i = 0; i < n; i++) {
                    atom.emit(random, out);
                }
            };
        }

        static String range(char from, char to) {
            StringBuilder sb = new StringBuilder();
            for (char c = from; c <= to; c++) {
                sb.append(c);
            }
            return sb.toString();
        }

        static Node chars(String set) {
            if (set.isEmpty()) {
                throw new UnsupportedOperationException("empty class");
            }
            return (random, out) -> out.append(set.charAt(random.nextInt(set.length())));
        }
    }
}
