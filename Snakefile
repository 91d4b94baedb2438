# conflictnews: raw news articles -> a citable conflict-event dataset.
# Run `snakemake --cores 4` from the repository root; see README.md.


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/ingest.smk"
include: "workflow/rules/clean.smk"
include: "workflow/rules/dedup.smk"
include: "workflow/rules/extract.smk"
include: "workflow/rules/claims.smk"
include: "workflow/rules/validate.smk"
include: "workflow/rules/release.smk"


rule all:
    default_target: True
    input:
        release_files(),
