package io.benchmarkhub.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.stereotype.Component;

/**
 * The app scans only the packages of the modules that hold beans (the domain and the CLI's jar are left out, which saves
 * parsing their classes at every start): a component or a configuration-properties record anywhere else in {@code
 * io.benchmarkhub} would silently not exist, so none may be there.
 */
class ScannedPackagesTest {

    private static final String[] SCANNED = {
        BenchmarkHubApplication.API + "..",
        BenchmarkHubApplication.COMMAND + "..",
        BenchmarkHubApplication.PROJECTIONS + "..",
        BenchmarkHubApplication.QUERY + ".."
    };

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the CLI is a program of its own (no Spring), whose jar the app only serves
                .withImportOption(location -> !location.contains("/io/benchmarkhub/cli/"))
                .importPackages("io.benchmarkhub");
    }

    @Test
    void the_application_scans_the_four_packages_for_components_and_configuration_properties() {
        SpringBootApplication app = BenchmarkHubApplication.class.getAnnotation(SpringBootApplication.class);
        ConfigurationPropertiesScan properties =
                BenchmarkHubApplication.class.getAnnotation(ConfigurationPropertiesScan.class);
        String[] packages = {
            BenchmarkHubApplication.API,
            BenchmarkHubApplication.COMMAND,
            BenchmarkHubApplication.PROJECTIONS,
            BenchmarkHubApplication.QUERY
        };
        assertThat(app.scanBasePackages()).containsExactlyInAnyOrder(packages);
        assertThat(properties.value()).containsExactlyInAnyOrder(packages);
    }

    @Test
    void every_component_is_in_a_scanned_package() {
        classes()
                .that()
                .areMetaAnnotatedWith(Component.class)
                .should()
                .resideInAnyPackage(SCANNED)
                .check(production);
    }

    @Test
    void every_configuration_properties_type_is_in_a_scanned_package() {
        classes()
                .that()
                .areAnnotatedWith(ConfigurationProperties.class)
                .should()
                .resideInAnyPackage(SCANNED)
                .check(production);
    }
}
