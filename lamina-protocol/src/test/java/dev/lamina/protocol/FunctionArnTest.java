package dev.lamina.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FunctionArnTest {

    @Test
    void formatsAndParses() {
        FunctionArn arn = FunctionArn.of("us-east-1", "000000000000", "hello");
        assertThat(arn).hasToString("arn:aws:lambda:us-east-1:000000000000:function:hello");
        assertThat(FunctionArn.parse(arn.withQualifier("$LATEST").toString()))
                .contains(new FunctionArn("aws", "us-east-1", "000000000000", "hello", "$LATEST"));
        assertThat(FunctionArn.parse("arn:aws:lambda:us-west-2:123456789012:function:fn:prod").orElseThrow().qualifier())
                .isEqualTo("prod");
    }

    @Test
    void rejectsWhatIsNotAFunctionArn() {
        assertThat(FunctionArn.parse("hello")).isEmpty();
        assertThat(FunctionArn.parse("arn:aws:lambda:us-east-1:000000000000:layer:x:1")).isEmpty();
        assertThat(FunctionArn.parse("arn:aws:lambda:us-east-1:123:function:x")).isEmpty();
    }
}
