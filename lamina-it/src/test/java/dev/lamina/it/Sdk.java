package dev.lamina.it;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/** The real AWS SDK for Java v2, pointed at Lamina the way a user points it (endpoint override, any credentials). */
final class Sdk {
    private Sdk() {}

    static LambdaClient client(URI endpoint) {
        return LambdaClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build())
                .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none()))
                .build();
    }

    static CreateFunctionResponse create(LambdaClient lambda, String name, String runtime, String handler,
            byte[] zip, int timeoutSeconds, java.util.Map<String, String> env) {
        return lambda.createFunction(b -> b.functionName(name)
                .runtime(runtime)
                .handler(handler)
                .role("arn:aws:iam::000000000000:role/lambda")
                .timeout(timeoutSeconds)
                .memorySize(256)
                .environment(e -> e.variables(env))
                .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
    }

    static software.amazon.awssdk.services.lambda.model.InvokeResponse invoke(LambdaClient lambda, String name,
            String payload) {
        return lambda.invoke(b -> b.functionName(name).logType(LogType.TAIL).payload(SdkBytes.fromUtf8String(payload)));
    }

    static String log(software.amazon.awssdk.services.lambda.model.InvokeResponse response) {
        return new String(java.util.Base64.getDecoder().decode(response.logResult()),
                java.nio.charset.StandardCharsets.UTF_8);
    }
}
