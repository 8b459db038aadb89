package io.clipstream.model.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text cleaning CLIP was trained with (OpenAI's and open_clip's tokenizer: {@code ftfy.fix_text}, then
 * {@code html.unescape} twice, whitespace collapsed and stripped, lower case), which a tokenizer.json cannot
 * express: its normaliser only does NFC, whitespace and lower case. Without it curly apostrophes, full-width
 * forms, ligatures, HTML entities and control characters tokenise differently from training.
 *
 * <p>ftfy's fixes are ported in its order and repeated until nothing changes, per line, as {@code fix_text} does;
 * its data (and Python's HTML5 entity table) come from {@code clip-text-cleaning.json}, written by
 * {@code model-runtime/src/test/resources/clip-tokenizer/make_golden.py}. Not ported: ftfy's mojibake repair, a
 * heuristic that re-decodes text looking like UTF-8 read as Windows-1252 ("cafÃ©").
 */
public final class ClipTextCleaner {

    private static final Pattern FTFY_ENTITY = Pattern.compile("&#?[0-9A-Za-z]{1,24};");
    private static final Pattern CHARREF = Pattern.compile("&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[\\p{Nd};]*[a-zA-Z]");
    private static final Pattern C1 = Pattern.compile("[\\x{80}-\\x{9f}]");
    private static final Pattern SINGLE_QUOTE = Pattern.compile("[\u02bc\u2018-\u201b]");
    private static final Pattern DOUBLE_QUOTE = Pattern.compile("[\u201c-\u201f]");
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|[\r\u2028\u2029\u0085]");
    private static final int MAX_CODE_POINT = 0x10FFFF;
    private static final Tables TABLES = Tables.load();

    private ClipTextCleaner() {
    }

    /** {@code whitespace_clean(basic_clean(text)).lower()} of open_clip's tokenizer. */
    public static String clean(String text) {
        String fixed = htmlUnescape(htmlUnescape(fixText(text)));
        return collapseWhitespace(fixed).toLowerCase(Locale.ROOT);
    }

    /** ftfy.fix_text with its default configuration, mojibake repair aside. */
    static String fixText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean unescape = true;
        int pos = 0;
        while (pos < text.length()) {
            int end = text.indexOf('\n', pos);
            end = end < 0 ? text.length() : end + 1;
            String segment = text.substring(pos, end);
            // "auto": a line that looks like HTML keeps its entities, and so do the lines after it.
            unescape &= segment.indexOf('<') < 0;
            out.append(fixSegment(segment, unescape));
            pos = end;
        }
        return out.toString();
    }

    private static String fixSegment(String text, boolean unescape) {
        while (true) {
            String before = text;
            if (unescape) {
                text = ftfyUnescape(text);
            }
            text = replace(C1, text, m -> TABLES.cp1252.get(m.group().charAt(0)));
            text = translate(text, TABLES.ligatures);
            text = translate(text, TABLES.width);
            text = SINGLE_QUOTE.matcher(DOUBLE_QUOTE.matcher(text).replaceAll("\"")).replaceAll("'");
            text = LINE_BREAK.matcher(text).replaceAll("\n");
            text = loneSurrogates(text);
            text = ANSI.matcher(text).replaceAll("");
            text = removeControls(text);
            text = Normalizer.normalize(text, Normalizer.Form.NFC);
            if (text.equals(before)) {
                return text;
            }
        }
    }

    /** ftfy's unescape_html: entities ending in ';' only, plus all-caps names of a few letters and symbols. */
    private static String ftfyUnescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        return replace(FTFY_ENTITY, text, m -> {
            String entity = m.group();
            String value = TABLES.ftfyEntities.get(entity);
            if (value != null) {
                return value;
            }
            if (entity.startsWith("&#")) {
                String unescaped = htmlUnescape(entity);
                return unescaped.indexOf(';') >= 0 ? entity : unescaped;
            }
            return entity;
        });
    }

    /** Python's html.unescape: HTML5 named and numeric character references, as a browser reads them. */
    static String htmlUnescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        return replace(CHARREF, text, m -> charref(m.group(1)));
    }

    private static String charref(String s) {
        if (s.charAt(0) == '#') {
            boolean hex = s.charAt(1) == 'x' || s.charAt(1) == 'X';
            String digits = s.substring(hex ? 2 : 1);
            if (digits.endsWith(";")) {
                digits = digits.substring(0, digits.length() - 1);
            }
            long num = parseCapped(digits, hex ? 16 : 10);
            String invalid = TABLES.invalidCharrefs.get(num);
            if (invalid != null) {
                return invalid;
            }
            if (num >= 0xD800 && num <= 0xDFFF || num > MAX_CODE_POINT) {
                return "\uFFFD";
            }
            if (TABLES.invalidCodepoints.contains((int) num)) {
                return "";
            }
            return Character.toString((int) num);
        }
        String value = TABLES.html5.get(s);
        if (value != null) {
            return value;
        }
        // The longest prefix that names an entity (those without ';' exist for legacy names such as "amp").
        int[] cps = s.codePoints().toArray();
        for (int x = cps.length - 1; x > 1; x--) {
            String prefix = new String(cps, 0, x);
            String found = TABLES.html5.get(prefix);
            if (found != null) {
                return found + new String(cps, x, cps.length - x);
            }
        }
        return "&" + s;
    }

    /** Digits to a number, saturating above the largest code point (Python's ints do not overflow). */
    private static long parseCapped(String digits, int radix) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            value = value * radix + Character.digit(digits.charAt(i), radix);
            if (value > MAX_CODE_POINT) {
                return MAX_CODE_POINT + 1L;
            }
        }
        return value;
    }

    /** {@code " ".join(text.split())}: Python's whitespace is Unicode Zs plus the ASCII and bidi separators. */
    static String collapseWhitespace(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean pending = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isPythonSpace(cp)) {
                pending = out.length() > 0;
            } else {
                if (pending) {
                    out.append(' ');
                    pending = false;
                }
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    private static boolean isPythonSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F) || cp == 0x85 || cp == 0x2028
                || cp == 0x2029 || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    private static String translate(String text, Map<Integer, String> table) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String mapped = table.get(cp);
            if (mapped != null && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                if (mapped != null) {
                    out.append(mapped);
                } else {
                    out.appendCodePoint(cp);
                }
            }
            i += Character.charCount(cp);
        }
        return out == null ? text : out.toString();
    }

    private static String removeControls(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(cp -> !TABLES.controls.contains(cp)).forEach(out::appendCodePoint);
        return out.length() == text.length() ? text : out.toString();
    }

    /** ftfy's fix_surrogates for what a Java string can hold: an unpaired surrogate becomes U+FFFD. */
    private static String loneSurrogates(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            boolean lone = Character.isSurrogate(c) && !pairedHigh
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
            if (lone && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(lone ? '\uFFFD' : c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    /** The data tables, from the versions of ftfy and Python the golden ids were made with. */
    private record Tables(Map<String, String> html5, Map<Long, String> invalidCharrefs, Set<Integer> invalidCodepoints,
                          Map<String, String> ftfyEntities, Map<Integer, String> ligatures, Map<Integer, String> width,
                          Set<Integer> controls, Map<Character, String> cp1252) {

        static Tables load() {
            try (InputStream in = ClipTextCleaner.class.getResourceAsStream("clip-text-cleaning.json")) {
                if (in == null) {
                    throw new IllegalStateException("clip-text-cleaning.json is missing from the classpath");
                }
                JsonNode root = new ObjectMapper().readTree(in);
                Map<String, String> html5 = new HashMap<>();
                root.path("html5").fields().forEachRemaining(e -> html5.put(e.getKey(), e.getValue().asText()));
                Map<Long, String> invalidCharrefs = new HashMap<>();
                root.path("invalidCharrefs").fields().forEachRemaining(e ->
                        invalidCharrefs.put(Long.parseLong(e.getKey()), e.getValue().asText()));
                Map<String, String> ftfyEntities = new HashMap<>();
                root.path("ftfyEntities").fields().forEachRemaining(e ->
                        ftfyEntities.put(e.getKey(), e.getValue().asText()));
                Map<Character, String> cp1252 = new HashMap<>();
                root.path("cp1252").fields().forEachRemaining(e ->
                        cp1252.put((char) Integer.parseInt(e.getKey()), e.getValue().asText()));
                return new Tables(html5, invalidCharrefs, ints(root.path("invalidCodepoints")), ftfyEntities,
                        byCodePoint(root.path("ligatures")), byCodePoint(root.path("width")),
                        ints(root.path("controls")), cp1252);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read clip-text-cleaning.json", e);
            }
        }

        private static Map<Integer, String> byCodePoint(JsonNode node) {
            Map<Integer, String> map = new HashMap<>();
            node.fields().forEachRemaining(e -> map.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
            return map;
        }

        private static Set<Integer> ints(JsonNode node) {
            Set<Integer> set = new HashSet<>();
            node.forEach(n -> set.add(n.asInt()));
            return set;
        }
    }
}
