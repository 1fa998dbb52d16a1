package dev.lamina.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** Functions and their code survive a restart of Lamina on the same data directory. */
class RestartTest {
    @TempDir
    Path tmp;

    @Test
    void functionWorksAfterRestart() {
        Path data = tmp.resolve("data");
        String sha;
        try (TestLamina first = TestLamina.start(data); LambdaClient lambda = Sdk.client(first.endpoint())) {
            sha = Sdk.create(lambda, "survivor", "provided.al2023", "function.handler",
                    FunctionZips.shellRuntime(tmp), 3, Map.of()).codeSha256();
            assertThat(Sdk.invoke(lambda, "survivor", "{}").functionError()).isNull();
        }

        try (TestLamina second = TestLamina.start(data); LambdaClient lambda = Sdk.client(second.endpoint())) {
            assertThat(lambda.getFunctionConfiguration(b -> b.functionName("survivor")).codeSha256()).isEqualTo(sha);
            InvokeResponse r = Sdk.invoke(lambda, "survivor", "{\"after\":\"restart\"}");
            assertThat(r.functionError()).isNull();
            assertThat(r.payload().asUtf8String()).contains("\"after\":\"restart\"");
        }
    }
}
