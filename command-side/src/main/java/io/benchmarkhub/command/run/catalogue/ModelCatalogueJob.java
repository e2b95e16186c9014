package io.benchmarkhub.command.run.catalogue;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** The Quartz job that refreshes the model catalogue; clustered Quartz runs it on one node at a time. */
@DisallowConcurrentExecution
public class ModelCatalogueJob extends QuartzJobBean {

    private final ModelCatalogueSync sync;

    public ModelCatalogueJob(ModelCatalogueSync sync) {
        this.sync = sync;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        sync.sync();
    }
}
