package io.benchmarkhub.api.benchmark.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchmarkhub.api.benchmark.imports.CaseImport.Format;
import io.benchmarkhub.api.benchmark.imports.CaseImport.Parsed;
import io.benchmarkhub.domain.benchmark.TestCase;
import io.benchmarkhub.domain.benchmark.Violation;
import org.junit.jupiter.api.Test;

class CsvCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void quoted_fields_may_hold_commas_quotes_and_line_breaks() {
        Parsed parsed = parse("""
                id,input,expected
                q1,"Add 2, 3 and 4",9
                q2,"Say ""hello"" twice,
                on two lines","hello
                hello"
                """);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.cases()).hasSize(2);
        assertThat(parsed.cases().get(0).input().textValue()).isEqualTo("Add 2, 3 and 4");
        assertThat(parsed.cases().get(0).expected().textValue())
                .as("a CSV cell is always text")
                .isEqualTo("9");
        assertThat(parsed.cases().get(1).id()).isEqualTo("q2");
        assertThat(parsed.cases().get(1).input().textValue()).isEqualTo("Say \"hello\" twice,\non two lines");
        assertThat(parsed.cases().get(1).expected().textValue()).isEqualTo("hello\nhello");
    }

    @Test
    void crlf_line_endings_of_a_spreadsheet_export_are_read_as_rfc_4180_says() {
        Parsed parsed = parse("input,expected\r\n\"a\r\nb\",c\r\nd,e\r\n");

        assertThat(parsed.cases()).extracting(c -> c.input().textValue()).containsExactly("a\r\nb", "d");
    }

    @Test
    void tags_are_separated_by_semicolons_and_other_columns_become_string_metadata() {
        Parsed parsed = parse("""
                input,expected,tags,difficulty,Source Book
                What is 7*6?,42,math; easy ;,3,Arithmetic I
                Spell cat,,spelling,,
                """);

        assertThat(parsed.problems()).isEmpty();
        TestCase first = parsed.cases().get(0);
        assertThat(first.tags()).containsExactly("math", "easy");
        assertThat(first.metadata())
                .isEqualTo(JSON.createObjectNode().put("difficulty", "3").put("Source Book", "Arithmetic I"));
        TestCase second = parsed.cases().get(1);
        assertThat(second.expected())
                .as("an empty expected cell is no expected value")
                .isNull();
        assertThat(second.tags()).containsExactly("spelling");
        assertThat(second.metadata()).as("empty cells are left out").isNull();
    }

    @Test
    void a_metadata_column_holding_a_json_object_is_the_metadata() throws Exception {
        Parsed parsed = parse("""
                input,metadata,note
                q,"{""source"":""atlas"",""page"":3}",check
                r,just text,
                """);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.cases().get(0).metadata())
                .isEqualTo(JSON.readTree("{\"source\": \"atlas\", \"page\": 3, \"note\": \"check\"}"));
        assertThat(parsed.cases().get(1).metadata()).isEqualTo(JSON.readTree("{\"metadata\": \"just text\"}"));
    }

    @Test
    void the_header_is_required_to_name_an_input_column() {
        Parsed parsed = parse("question,answer\nq,a\n");

        assertThat(parsed.cases()).isEmpty();
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("row 1");
            assertThat(p.message()).contains("'input'").contains("question");
        });
    }

    @Test
    void header_names_may_differ_in_case_and_surrounding_space_but_not_repeat() {
        assertThat(parse(" Input ,EXPECTED\nq,a\n").cases().get(0).expected().textValue())
                .isEqualTo("a");
        assertThat(parse("input,input\nq,a\n").problems())
                .extracting(Violation::field)
                .containsExactly("row 1");
        assertThat(parse("input,\nq,a\n").problems())
                .extracting(Violation::message)
                .containsExactly("column 2 has no name");
    }

    @Test
    void rows_with_the_wrong_number_of_fields_or_no_input_are_named_by_row() {
        Parsed parsed = parse("""
                input,expected
                ok,1

                too,many,fields
                ,empty input
                short
                """);

        assertThat(parsed.cases()).isEmpty();
        assertThat(parsed.problems()).extracting(Violation::field).containsExactly("row 3", "row 4", "row 5");
        assertThat(parsed.problems())
                .extracting(Violation::message)
                .containsExactly("has 3 fields; the header has 2", "input is empty", "has 1 fields; the header has 2");
    }

    @Test
    void broken_quoting_stops_reading_at_the_row_where_it_is() {
        Parsed parsed = parse("input,expected\na,b\n\"unclosed\"x,c\n");

        assertThat(parsed.cases()).isEmpty();
        assertThat(parsed.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("row 3"));
    }

    @Test
    void a_file_with_only_a_header_holds_no_cases() {
        assertThat(parse("input,expected\n").problems())
                .extracting(Violation::message)
                .containsExactly("the file holds no cases");
    }

    private static Parsed parse(String text) {
        return CaseImport.parse(Format.CSV, text);
    }
}
