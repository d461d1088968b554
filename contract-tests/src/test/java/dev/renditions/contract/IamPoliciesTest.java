package dev.renditions.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Least privilege, checked on {@code iam/*.json} and on every policy in {@code deploy/template.yaml}. */
class IamPoliciesTest {
    /** Actions AWS does not let you scope to a resource. */
    static final Set<String> UNSCOPABLE = Set.of("ecr:GetAuthorizationToken", "batch:ListJobs");

    record Policy(String where, JsonNode document) {}

    static List<Policy> files() {
        List<Policy> policies = new ArrayList<>();
        for (Path f : Repo.jsonFiles(Repo.IAM)) {
            if (f.getFileName().toString().endsWith("-policy.json")) {
                policies.add(new Policy(Repo.name(f), Templates.renderJson(f)));
            }
        }
        return policies;
    }

    /** Identity policies of the template: inline role policies and policy resources. */
    static List<Policy> templateIdentityPolicies() {
        JsonNode t = CfnTemplate.load();
        List<Policy> policies = new ArrayList<>();
        t.path("Resources").fields().forEachRemaining(e -> {
            JsonNode r = e.getValue();
            String type = r.path("Type").asText();
            JsonNode props = r.path("Properties");
            if (type.equals("AWS::IAM::Role")) {
                props.path("Policies")
                        .forEach(p -> policies.add(new Policy(
                                e.getKey() + "/" + p.path("PolicyName").asText(), p.path("PolicyDocument"))));
            } else if (type.equals("AWS::IAM::RolePolicy")
                    || type.equals("AWS::IAM::Policy")
                    || type.equals("AWS::IAM::ManagedPolicy")) {
                policies.add(new Policy(e.getKey(), props.path("PolicyDocument")));
            }
        });
        return policies;
    }

    static List<JsonNode> list(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(out::add);
        } else if (!n.isMissingNode()) {
            out.add(n);
        }
        return out;
    }

    static void assertLeastPrivilege(Policy p, boolean rendered) {
        JsonNode statements = p.document().path("Statement");
        assertTrue(statements.isArray() && !statements.isEmpty(), p.where());
        assertEquals("2012-10-17", p.document().path("Version").asText(), p.where());
        for (JsonNode s : statements) {
            String where = p.where() + " " + s.path("Sid").asText("(no Sid)");
            assertFalse(s.has("NotAction") || s.has("NotResource") || s.has("NotPrincipal"), where);
            if (!s.path("Effect").asText().equals("Allow")) {
                continue;
            }
            List<String> actions =
                    list(s.path("Action")).stream().map(JsonNode::asText).toList();
            assertFalse(actions.isEmpty(), where);
            for (String a : actions) {
                assertTrue(a.matches("[a-z0-9-]+:[A-Za-z0-9]+"), where + ": no wildcard actions, found " + a);
            }
            List<JsonNode> resources = list(s.path("Resource"));
            assertFalse(resources.isEmpty(), where);
            for (JsonNode r : resources) {
                if (r.isTextual() && r.asText().equals("*")) {
                    assertTrue(UNSCOPABLE.containsAll(actions), where + ": Resource * only for " + UNSCOPABLE);
                } else if (rendered) {
                    String arn = r.asText();
                    assertTrue(arn.startsWith("arn:aws:"), where + ": " + arn);
                    assertFalse(
                            arn.substring(0, arn.length() - 1).contains("*"), where + ": * only at the end: " + arn);
                    assertFalse(arn.matches("arn:aws:[a-z0-9-]+:[^:]*:[^:]*:\\*"), where + ": whole service: " + arn);
                } else {
                    assertFalse(
                            r.isTextual()
                                    && r.asText().contains("*")
                                    && !r.asText().startsWith("arn:"),
                            where);
                }
            }
        }
    }

    @Test
    void policyFilesAreLeastPrivilege() {
        List<Policy> policies = files();
        assertEquals(4, policies.size(), policies.toString());
        policies.forEach(p -> assertLeastPrivilege(p, true));
    }

    @Test
    void templatePoliciesAreLeastPrivilege() {
        List<Policy> policies = templateIdentityPolicies();
        assertTrue(policies.size() >= 5, policies.toString());
        policies.forEach(p -> assertLeastPrivilege(p, false));
    }

    @Test
    void theCheckCatchesWildcards() {
        JsonNode star =
                Repo.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                        + "\"Resource\":\"arn:aws:s3:::b/*\"}]}");
        JsonNode anyResource = Repo.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
        assertThrowsAssertion(() -> assertLeastPrivilege(new Policy("star", star), true));
        assertThrowsAssertion(() -> assertLeastPrivilege(new Policy("any", anyResource), true));
    }

    private static void assertThrowsAssertion(Runnable r) {
        try {
            r.run();
        } catch (AssertionError expected) {
            return;
        }
        throw new AssertionError("the least-privilege check let a wildcard through");
    }

    @Test
    void templateRolesHaveNoManagedPolicies() {
        JsonNode t = CfnTemplate.load();
        for (String role : CfnTemplate.resourcesOfType(t, "AWS::IAM::Role")) {
            assertTrue(
                    CfnTemplate.resource(t, role)
                            .path("Properties")
                            .path("ManagedPolicyArns")
                            .isMissingNode(),
                    role);
        }
    }

    @Test
    void resourcePoliciesGrantServicesOnlyForOurOwnRules() {
        JsonNode t = CfnTemplate.load();
        for (String type : List.of("AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::S3::BucketPolicy")) {
            for (String id : CfnTemplate.resourcesOfType(t, type)) {
                for (JsonNode s : CfnTemplate.resource(t, id)
                        .path("Properties")
                        .path("PolicyDocument")
                        .path("Statement")) {
                    if (s.path("Effect").asText().equals("Allow")) {
                        assertTrue(s.path("Principal").has("Service"), id);
                        assertTrue(
                                s.path("Condition").path("ArnEquals").has("aws:SourceArn"), id + ": confused deputy");
                    }
                }
            }
        }
    }

    /** Sid to sorted actions. */
    static Map<String, Set<String>> actionsBySid(JsonNode document) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (JsonNode s : document.path("Statement")) {
            Set<String> actions = new TreeSet<>();
            list(s.path("Action")).forEach(a -> actions.add(a.asText()));
            out.put(s.path("Sid").asText(), actions);
        }
        return out;
    }

    @Test
    void templateRolesGrantWhatTheIamFilesGrant() {
        JsonNode t = CfnTemplate.load();
        Map<String, String> roleToFile = Map.of(
                "DispatcherRole", "dispatcher-policy.json",
                "WorkerJobRole", "worker-job-role-policy.json",
                "WorkerExecutionRole", "worker-execution-role-policy.json");
        roleToFile.forEach((role, file) -> {
            JsonNode doc = CfnTemplate.resource(t, role)
                    .path("Properties")
                    .path("Policies")
                    .get(0)
                    .path("PolicyDocument");
            assertEquals(actionsBySid(Templates.renderJson(Repo.IAM.resolve(file))), actionsBySid(doc), role);
        });
        JsonNode spec = Templates.renderJson(Repo.IAM.resolve("spec-read-policy.json"));
        for (String id : List.of("SpecReadPolicy", "WorkerSpecReadPolicy")) {
            assertEquals(
                    actionsBySid(spec),
                    actionsBySid(CfnTemplate.resource(t, id).path("Properties").path("PolicyDocument")),
                    id);
        }
    }
}
