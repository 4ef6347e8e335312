"""Wire protocols of the online payment gateways, free of any framework.

Each subpackage speaks one gateway's protocol: it builds and signs the messages
Motcua sends, verifies the messages the gateway sends back, and decides what a
payment callback means for the order it names. Nothing here touches the
database, the network or the web framework; the payment plugin supplies the
order look-up and carries the messages.

- :mod:`.vnpay`: VNPay 2.1.0 (redirect, return, IPN, status query and refund).
- :mod:`.paygov`: the national public service portal's payment platform
  (PayGov, nền tảng thanh toán), protocol 1.0.6.
"""
