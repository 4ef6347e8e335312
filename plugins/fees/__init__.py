"""The fees plugin: fee schedules, assessment, collection and electronic receipts.

A procedure enables it with a ``plugins: fees:`` section listing its fees (phí) and
charges (lệ phí). The plugin assesses what a dossier owes from its form data and the
applicant's category, records payments at the counter or from a payment gateway, and
issues numbered electronic receipts (biên lai điện tử). ``docs/fees.md`` explains how
a province writes its schedules and receipt series.
"""
