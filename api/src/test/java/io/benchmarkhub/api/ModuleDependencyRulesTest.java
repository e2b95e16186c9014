package io.benchmarkhub.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module dependency rules of ARCHITECTURE.md: {@code domain ← command-side, projections,
 * query-side ← api}. Maven already stops a module from using one it does not depend on; these
 * rules also keep the allowed dependencies honest (no Spring in domain, no read model on the
 * command side) and catch a dependency added to a pom by mistake.
 */
class ModuleDependencyRulesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the CLI's jar (with its shaded picocli and Jackson) is only served by the app, never called
                .withImportOption(location -> !location.contains("/io/benchmarkhub/cli/"))
                .importPackages("io.benchmarkhub");
    }

    @Test
    void no_production_code_uses_the_test_support_module() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.benchmarkhub.testsupport..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.benchmarkhub.testsupport..")
                .check(classes);
    }

    @Test
    void the_domain_depends_on_no_other_module_and_not_on_spring() {
        noClasses()
                .that()
                .resideInAPackage("io.benchmarkhub.domain..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.benchmarkhub.command..",
                        "io.benchmarkhub.projections..",
                        "io.benchmarkhub.query..",
                        "io.benchmarkhub.api..",
                        "org.springframework..",
                        "java.sql..",
                        "javax.sql..")
                .check(classes);
    }

    @Test
    void the_command_side_never_reads_projections_or_the_query_side() {
        noClasses()
                .that()
                .resideInAPackage("io.benchmarkhub.command..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.benchmarkhub.projections..", "io.benchmarkhub.query..", "io.benchmarkhub.api..")
                .check(classes);
        // SQL only in the stores: the run stores touch the event table, run_lease and model_catalogue (see RunStores),
        // the
        // credits stores the event table and pending_reservation (see CreditsStores), RunAdmissions the fair-use counts
        noClasses()
                .that()
                .resideInAPackage("io.benchmarkhub.command..")
                .and()
                .resideOutsideOfPackage("io.benchmarkhub.command.run.store..")
                .and()
                .doNotHaveFullyQualifiedName("io.benchmarkhub.command.limits.RunAdmissions")
                .and()
                .resideOutsideOfPackage("io.benchmarkhub.command.credits.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
                .check(classes);
    }

    @Test
    void projections_know_neither_the_command_side_nor_the_query_side_nor_the_api() {
        noClasses()
                .that()
                .resideInAPackage("io.benchmarkhub.projections..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.benchmarkhub.command..", "io.benchmarkhub.query..", "io.benchmarkhub.api..")
                .check(classes);
    }

    @Test
    void the_query_side_knows_neither_the_command_side_nor_projections_nor_the_api() {
        noClasses()
                .that()
                .resideInAPackage("io.benchmarkhub.query..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.benchmarkhub.command..",
                        "io.benchmarkhub.projections..",
                        "io.benchmarkhub.api..",
                        "org.axonframework.modelling..",
                        "org.axonframework.eventsourcing..")
                .check(classes);
    }
}
