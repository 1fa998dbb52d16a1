package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;

/** The AWS SDK for Java v2 drives every control-plane operation of the foundation: proof of wire compatibility. */
class SdkWireCompatibilityTest {
    @TempDir
    static Path tmp;

    static TestLamina lamina;
    static LambdaClient lambda;
    static byte[] zip;

    @BeforeAll
    static void start() {
        lamina = TestLamina.start(tmp.resolve("data"));
        lambda = Sdk.client(lamina.endpoint());
        zip = FunctionZips.shellRuntime(tmp);
    }

    @AfterAll
    static void stop() {
        lambda.close();
        lamina.close();
    }

    @Test
    void createGetListUpdateInvokeDelete() {
        CreateFunctionResponse created = Sdk.create(lambda, "wire", "provided.al2023", "h", zip, 3, Map.of("AA", "1"));
        assertThat(created.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:wire");
        assertThat(created.version()).isEqualTo("$LATEST");
        assertThat(created.state()).isEqualTo(State.ACTIVE);
        assertThat(created.lastUpdateStatus()).isEqualTo(LastUpdateStatus.SUCCESSFUL);
        assertThat(created.codeSize()).isEqualTo(zip.length);
        assertThat(created.codeSha256()).isEqualTo(sha256Base64(zip));
        assertThat(created.environment().variables()).containsEntry("AA", "1");

        GetFunctionResponse got = lambda.getFunction(b -> b.functionName("wire"));
        assertThat(got.configuration().handler()).isEqualTo("h");
        assertThat(got.code().repositoryType()).isEqualTo("S3");

        Sdk.create(lambda, "wire-2", "provided.al2023", "h", zip, 3, Map.of());
        assertThat(lambda.listFunctionsPaginator(b -> b.maxItems(1)).functions().stream()
                        .map(FunctionConfiguration::functionName))
                .contains("wire", "wire-2");

        var updated = lambda.updateFunctionConfiguration(b -> b.functionName("wire")
                .timeout(7).memorySize(512).handler("h2").environment(e -> e.variables(Map.of("BB", "2"))));
        assertThat(updated.timeout()).isEqualTo(7);
        assertThat(updated.memorySize()).isEqualTo(512);
        assertThat(updated.environment().variables()).isEqualTo(Map.of("BB", "2"));
        assertThat(updated.revisionId()).isNotEqualTo(created.revisionId());

        byte[] other = FunctionZips.zip(tmp.resolve("other.zip"),
                Map.of("bootstrap", FunctionZips.resource("fixtures/shell/bootstrap"), "extra.txt", new byte[] {1}));
        var recoded = lambda.updateFunctionCode(b -> b.functionName("wire")
                .zipFile(SdkBytes.fromByteArray(other)));
        assertThat(recoded.codeSha256()).isEqualTo(sha256Base64(other));

        assertThat(Sdk.invoke(lambda, "wire", "{\"x\":1}").payload().asUtf8String()).contains("\"handler\":\"h2\"");
        assertThat(lambda.invoke(b -> b.functionName("wire").invocationType(InvocationType.DRY_RUN)).statusCode())
                .isEqualTo(204);

        lambda.deleteFunction(b -> b.functionName("wire"));
        assertThatThrownBy(() -> lambda.getFunction(b -> b.functionName("wire")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:000000000000:function:wire");
    }

    @Test
    void errorsMapToTheSdksExceptionTypes() {
        Sdk.create(lambda, "dup", "provided.al2023", "h", zip, 3, Map.of());
        assertThatThrownBy(() -> Sdk.create(lambda, "dup", "provided.al2023", "h", zip, 3, Map.of()))
                .isInstanceOf(ResourceConflictException.class);
        assertThatThrownBy(() -> Sdk.create(lambda, "node", "nodejs20.x", "index.handler", zip, 3, Map.of()))
                .isInstanceOf(InvalidParameterValueException.class)
                .hasMessageContaining("nodejs20.x");
        assertThatThrownBy(() -> Sdk.invoke(lambda, "missing", "{}"))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> Sdk.create(lambda, "badzip", "provided.al2023", "h", new byte[] {1, 2, 3}, 3, Map.of()))
                .isInstanceOf(InvalidParameterValueException.class);
    }

    private static String sha256Base64(byte[] data) {
        try {
            return java.util.Base64.getEncoder()
                    .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
