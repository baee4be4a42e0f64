"""Factur-X (CII D16B, profile EN 16931) XML of an issued invoice, from what it froze at issue. Credit notes
(type 381) carry positive amounts, as the standard wants; the sign lives in the type code."""

from collections import defaultdict
from decimal import Decimal

from lxml import etree

from portail.billing.models import Invoice
from portail.billing.snapshot import InvoiceSnapshot, Party
from portail.core.money import cents

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
LEVEL_URN = "urn:cen.eu:en16931:2017"


def _el(parent, tag: str, text=None, **attrs):
    prefix, name = tag.split(":")
    node = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}", **attrs)
    if text is not None:
        node.text = str(text)
    return node


def _amount(value: Decimal) -> str:
    return str(cents(abs(value)))


def _date(parent, tag: str, value, kind: str = "udt") -> None:
    _el(_el(parent, tag), f"{kind}:DateTimeString", value.strftime("%Y%m%d"), format="102")


def _party(parent, tag: str, party: Party) -> None:
    node = _el(parent, tag)
    _el(node, "ram:Name", party.name)
    if party.siret:
        _el(_el(node, "ram:SpecifiedLegalOrganization"), "ram:ID", party.siret, schemeID="0009")
    address = _el(node, "ram:PostalTradeAddress")
    if party.postal_code:
        _el(address, "ram:PostcodeCode", party.postal_code)
    for tag_name, line in zip(("ram:LineOne", "ram:LineTwo", "ram:LineThree"), party.street, strict=False):
        _el(address, tag_name, line)
    if party.city:
        _el(address, "ram:CityName", party.city)
    _el(address, "ram:CountryID", party.country_code)
    if party.vat_number:
        _el(_el(node, "ram:SpecifiedTaxRegistration"), "ram:ID", party.vat_number, schemeID="VA")


def _payment_means(header, snapshot: InvoiceSnapshot) -> None:
    """BG-16/BG-17: a SEPA credit transfer (code 58) to the service's account, when it is set."""
    bank = snapshot.payment.bank
    if not bank.is_set:
        return
    means = _el(header, "ram:SpecifiedTradeSettlementPaymentMeans")
    _el(means, "ram:TypeCode", "58")
    account = _el(means, "ram:PayeePartyCreditorFinancialAccount")
    _el(account, "ram:IBANID", bank.iban)
    _el(account, "ram:AccountName", bank.holder)
    if bank.bic:
        _el(_el(means, "ram:PayeeSpecifiedCreditorFinancialInstitution"), "ram:BICID", bank.bic)


def invoice_xml(*, invoice: Invoice, snapshot: InvoiceSnapshot) -> bytes:
    terms_text = snapshot.payment.terms_text
    root = etree.Element(f"{{{NS['rsm']}}}CrossIndustryInvoice", nsmap=NS)
    context = _el(root, "rsm:ExchangedDocumentContext")
    _el(_el(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", LEVEL_URN)
    document = _el(root, "rsm:ExchangedDocument")
    _el(document, "ram:ID", invoice.number)
    _el(document, "ram:TypeCode", "381" if invoice.is_credit_note else "380")
    _date(document, "ram:IssueDateTime", invoice.issue_date)
    note = _el(document, "ram:IncludedNote")
    _el(note, "ram:Content", terms_text)
    _el(note, "ram:SubjectCode", "PMT")

    transaction = _el(root, "rsm:SupplyChainTradeTransaction")
    lines = list(invoice.lines.all())
    for index, line in enumerate(lines, start=1):
        item = _el(transaction, "ram:IncludedSupplyChainTradeLineItem")
        _el(_el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", index)
        _el(_el(item, "ram:SpecifiedTradeProduct"), "ram:Name", line.description)
        price = _el(_el(item, "ram:SpecifiedLineTradeAgreement"), "ram:NetPriceProductTradePrice")
        _el(price, "ram:ChargeAmount", _amount(line.unit_price_ht))
        _el(_el(item, "ram:SpecifiedLineTradeDelivery"), "ram:BilledQuantity", abs(line.quantity), unitCode="C62")
        settlement = _el(item, "ram:SpecifiedLineTradeSettlement")
        tax = _el(settlement, "ram:ApplicableTradeTax")
        _el(tax, "ram:TypeCode", "VAT")
        _el(tax, "ram:CategoryCode", "S")
        _el(tax, "ram:RateApplicablePercent", line.vat_rate)
        summation = _el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
        _el(summation, "ram:LineTotalAmount", _amount(line.total_ht))

    agreement = _el(transaction, "ram:ApplicableHeaderTradeAgreement")
    _party(agreement, "ram:SellerTradeParty", snapshot.seller)
    _party(agreement, "ram:BuyerTradeParty", snapshot.buyer)
    _el(transaction, "ram:ApplicableHeaderTradeDelivery")

    header = _el(transaction, "ram:ApplicableHeaderTradeSettlement")
    payable = invoice.total_ttc > 0
    if payable:
        _el(header, "ram:PaymentReference", snapshot.payment.reference)  # BT-83, remittance information
    _el(header, "ram:InvoiceCurrencyCode", "EUR")
    if payable:
        _payment_means(header, snapshot)
    by_rate: dict[Decimal, Decimal] = defaultdict(Decimal)
    for line in lines:
        by_rate[line.vat_rate] += line.total_ht
    for rate, basis in sorted(by_rate.items()):
        tax = _el(header, "ram:ApplicableTradeTax")
        _el(tax, "ram:CalculatedAmount", _amount(basis * rate / 100))
        _el(tax, "ram:TypeCode", "VAT")
        _el(tax, "ram:BasisAmount", _amount(basis))
        _el(tax, "ram:CategoryCode", "S")
        _el(tax, "ram:RateApplicablePercent", rate)
    terms = _el(header, "ram:SpecifiedTradePaymentTerms")
    _el(terms, "ram:Description", terms_text)
    if invoice.due_date:
        _date(terms, "ram:DueDateDateTime", invoice.due_date)
    totals = _el(header, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(totals, "ram:LineTotalAmount", _amount(invoice.total_ht))
    _el(totals, "ram:TaxBasisTotalAmount", _amount(invoice.total_ht))
    _el(totals, "ram:TaxTotalAmount", _amount(invoice.total_vat), currencyID="EUR")
    _el(totals, "ram:GrandTotalAmount", _amount(invoice.total_ttc))
    _el(totals, "ram:DuePayableAmount", _amount(invoice.total_ttc))
    if invoice.corrects is not None:
        referenced = _el(header, "ram:InvoiceReferencedDocument")
        _el(referenced, "ram:IssuerAssignedID", invoice.corrects.number)
        _date(referenced, "ram:FormattedIssueDateTime", invoice.corrects.issue_date, kind="qdt")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
