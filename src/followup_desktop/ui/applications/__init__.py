"""The Applications page: the pipeline table and an application's detail."""
