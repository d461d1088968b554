package dev.renditions.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * {@code deploy/template.yaml} as JSON, with the short-form intrinsic functions ({@code !Ref}, {@code !Sub},
 * {@code !GetAtt}, ...) turned into their long form ({@code {"Ref": ...}}, {@code {"Fn::Sub": ...}}).
 */
final class CfnTemplate {
    static final Path FILE = Repo.DEPLOY.resolve("template.yaml");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9:._]+)}");

    private CfnTemplate() {}

    static JsonNode load() {
        return load(FILE);
    }

    static JsonNode load(Path file) {
        Yaml yaml = new Yaml(new IntrinsicConstructor(new LoaderOptions()));
        try (Reader in = Files.newBufferedReader(file)) {
            Object tree = yaml.load(in);
            return Repo.JSON.valueToTree(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode resource(JsonNode template, String logicalId) {
        JsonNode r = template.path("Resources").path(logicalId);
        if (r.isMissingNode()) {
            throw new AssertionError("deploy/template.yaml has no resource " + logicalId);
        }
        return r;
    }

    /** Logical ids of the resources of one type. */
    static List<String> resourcesOfType(JsonNode template, String type) {
        List<String> ids = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    /** The string of an {@code Fn::Sub} with its {@code ${Name}} variables replaced from {@code values}. */
    static String substitute(JsonNode sub, Map<String, String> values) {
        JsonNode fn = sub.path("Fn::Sub");
        String text = fn.isArray() ? fn.get(0).asText() : fn.asText();
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new AssertionError("no value for ${" + m.group(1) + "} in " + text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The variables an {@code Fn::Sub} string refers to. */
    static List<String> subVariables(JsonNode sub) {
        JsonNode fn = sub.path("Fn::Sub");
        String text = fn.isArray() ? fn.get(0).asText() : fn.asText();
        List<String> names = new ArrayList<>();
        Matcher m = SUB_VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** PascalCase property names (CloudFormation) to camelCase (the Batch API and CLI JSON), recursively. */
    static JsonNode camelCase(JsonNode node) {
        if (node.isObject()) {
            var out = Repo.JSON.createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                String camel = k.isEmpty() ? k : Character.toLowerCase(k.charAt(0)) + k.substring(1);
                out.set(camel, camelCase(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            var out = Repo.JSON.createArrayNode();
            node.forEach(n -> out.add(camelCase(n)));
            return out;
        }
        return node;
    }

    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            this.yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    String fn = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
                    Object value;
                    if (node instanceof ScalarNode s) {
                        value = constructScalar(s);
                        if (tag.equals("GetAtt")) {
                            value = List.of(((String) value).split("\\.", 2));
                        }
                    } else if (node instanceof SequenceNode s) {
                        value = constructSequence(s);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return Map.of(fn, value);
                }
            });
        }
    }
}
