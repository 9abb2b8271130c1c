"""The customer register (S9–S17): split by concept, imported here for Django."""

from registry.models.billing import BillingProfile, Invoice, Order
from registry.models.care import CareRelationship, Practitioner
from registry.models.controller import ControllerDetails
from registry.models.customers import (
    Customer,
    ElectronicIdentity,
    ExtranetAccount,
    Feedback,
    Identifier,
    Language,
    Representative,
)
from registry.models.disclosures import Disclosure
from registry.models.sources import DataSource

__all__ = [
    "BillingProfile",
    "CareRelationship",
    "ControllerDetails",
    "Customer",
    "DataSource",
    "Disclosure",
    "ElectronicIdentity",
    "ExtranetAccount",
    "Feedback",
    "Identifier",
    "Invoice",
    "Language",
    "Order",
    "Practitioner",
    "Representative",
]
