"""Statistical reports, service indicators, dashboards and exports."""
