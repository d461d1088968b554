package dev.renditions.core.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.renditions.core.events.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a rendition spec strictly: unknown fields, wrong types and out-of-range values are rejected with one message
 * that names the field, what is allowed and what was found.
 */
public final class SpecParser {
    /** Classpath location of the bundled default spec. */
    public static final String DEFAULT_SPEC_RESOURCE = "/dev/renditions/core/default-spec.json";

    private static final Set<String> TOP = Set.of("version", "renditions", "limits");
    private static final Set<String> RENDITION =
            Set.of("name", "width", "height", "fit", "format", "quality", "progressive", "enlarge", "background");
    private static final Set<String> LIMITS = Set.of("maxPixels", "maxBytes", "maxDimension");

    private SpecParser() {}

    /**
     * The one mapper, but strict as a configuration file should be: a field given twice, or anything after the
     * document, is an error rather than a silent last-one-wins or cut-off.
     */
    private static final ObjectReader STRICT = Json.MAPPER
            .reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Pattern CONSTRAINT_IN_MESSAGE = Pattern.compile(", from `[^`]*`");
    private static final Pattern SOURCE_IN_MESSAGE =
            Pattern.compile("\\[Source: [^\\]]*?; (line: \\d+, column: \\d+)]");

    /** The spec bundled with the project: thumb, web, large. */
    public static RenditionSpec defaultSpec() {
        try (InputStream in = SpecParser.class.getResourceAsStream(DEFAULT_SPEC_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled spec missing: " + DEFAULT_SPEC_RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RenditionSpec parse(String json) {
        JsonNode root;
        try {
            root = STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson names positions inside its message as "[Source: REDACTED (...); line: 1, column: 2]", and its
            // size limits (nesting depth, number and string length) the setting behind them, ", from `...()`"
            String said = SOURCE_IN_MESSAGE.matcher(e.getOriginalMessage()).replaceAll("$1");
            said = CONSTRAINT_IN_MESSAGE.matcher(said).replaceAll("");
            JsonLocation at = e.getLocation();
            // a size limit is reported with no location
            throw new SpecException("not valid JSON: " + SpecException.shown(said, 300)
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        }
        if (root == null || !root.isObject()) {
            throw new SpecException("(document)", "a JSON object", describe(root));
        }
        checkFields(root, TOP, "");
        JsonNode v = root.get("version");
        if (v == null) {
            throw new SpecException("version", "the number 1", "nothing");
        }
        int version = intField(v, "version", 1, Integer.MAX_VALUE);
        JsonNode list = root.get("renditions");
        if (list == null || !list.isArray()) {
            throw new SpecException("renditions", "a list of renditions", describe(list));
        }
        List<Rendition> renditions = new ArrayList<>();
        int i = 0;
        for (JsonNode r : list) {
            renditions.add(rendition(r, i++));
        }
        Limits limits = Limits.DEFAULT;
        JsonNode l = root.get("limits");
        if (l != null) {
            if (!l.isObject()) {
                throw new SpecException("limits", "an object", describe(l));
            }
            checkFields(l, LIMITS, "limits.");
            limits = new Limits(
                    l.has("maxPixels") ? longField(l.get("maxPixels"), "limits.maxPixels") : Limits.DEFAULT_MAX_PIXELS,
                    l.has("maxBytes") ? longField(l.get("maxBytes"), "limits.maxBytes") : Limits.DEFAULT_MAX_BYTES,
                    l.has("maxDimension")
                            ? intField(l.get("maxDimension"), "limits.maxDimension", 1, Limits.DEFAULT_MAX_DIMENSION)
                            : Limits.DEFAULT_MAX_DIMENSION);
        }
        return new RenditionSpec(version, renditions, limits);
    }

    private static Rendition rendition(JsonNode r, int index) {
        String at = "renditions[" + index + "]";
        if (!r.isObject()) {
            throw new SpecException(at, "an object", describe(r));
        }
        checkFields(r, RENDITION, at + ".");
        JsonNode nameNode = r.get("name");
        if (nameNode == null || !nameNode.isTextual()) {
            throw new SpecException(at + ".name", "1 to 32 of [a-z0-9-]", describe(nameNode));
        }
        String name = nameNode.asText();
        if (!Rendition.NAME.matcher(name).matches()) {
            throw new SpecException(at + ".name", "1 to 32 of [a-z0-9-]", Rendition.quote(name));
        }
        at = "renditions[" + index + "] (" + name + ")";
        Integer width = r.has("width") ? intField(r.get("width"), at + ".width", 1, Rendition.MAX_SIZE) : null;
        Integer height = r.has("height") ? intField(r.get("height"), at + ".height", 1, Rendition.MAX_SIZE) : null;
        Fit fit = Fit.INSIDE;
        if (r.has("fit")) {
            String s = textField(r.get("fit"), at + ".fit", "one of " + Fit.allowed());
            fit = Fit.parse(s);
            if (fit == null) {
                throw new SpecException(at + ".fit", "one of " + Fit.allowed(), Rendition.quote(s));
            }
        }
        OutputFormat format = OutputFormat.JPEG;
        if (r.has("format")) {
            String s = textField(r.get("format"), at + ".format", "one of " + OutputFormat.allowed());
            format = OutputFormat.parse(s);
            if (format == null) {
                throw new SpecException(at + ".format", "one of " + OutputFormat.allowed(), Rendition.quote(s));
            }
        }
        int quality =
                r.has("quality") ? intField(r.get("quality"), at + ".quality", 1, 100) : Rendition.DEFAULT_QUALITY;
        boolean progressive = !r.has("progressive") || boolField(r.get("progressive"), at + ".progressive");
        boolean enlarge = r.has("enlarge") && boolField(r.get("enlarge"), at + ".enlarge");
        String background =
                r.has("background") ? textField(r.get("background"), at + ".background", "a colour as #rrggbb") : null;
        if (background != null && !Rendition.COLOUR.matcher(background).matches()) {
            throw new SpecException(at + ".background", "a colour as #rrggbb", Rendition.quote(background));
        }
        try {
            return new Rendition(name, width, height, fit, format, quality, progressive, enlarge, background);
        } catch (SpecException e) {
            throw new SpecException(e.getMessage().substring("invalid rendition spec: ".length()));
        }
    }

    private static void checkFields(JsonNode obj, Set<String> allowed, String prefix) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new SpecException(
                        prefix + SpecException.shown(f),
                        "one of the known fields ("
                                + String.join(", ", allowed.stream().sorted().toList()) + ")",
                        "an unknown field");
            }
        }
    }

    private static int intField(JsonNode n, String field, int min, int max) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min || n.intValue() > max) {
            throw new SpecException(field, "a whole number from " + min + " to " + max, describe(n));
        }
        return n.intValue();
    }

    private static long longField(JsonNode n, String field) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 1) {
            throw new SpecException(field, "a whole number >= 1", describe(n));
        }
        return n.longValue();
    }

    private static boolean boolField(JsonNode n, String field) {
        if (n == null || !n.isBoolean()) {
            throw new SpecException(field, "true or false", describe(n));
        }
        return n.booleanValue();
    }

    private static String textField(JsonNode n, String field, String expected) {
        if (n == null || !n.isTextual()) {
            throw new SpecException(field, expected, describe(n));
        }
        return n.asText();
    }

    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        JsonNodeType t = n.getNodeType();
        return switch (t) {
            case STRING -> Rendition.quote(n.asText());
            case NUMBER, BOOLEAN -> SpecException.shown(n.toString());
            case NULL -> "null";
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
