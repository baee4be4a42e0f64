"""Abstract building blocks shared by several apps (no tables here)."""

from django.db import models


class AddressFields(models.Model):
    """A French postal address as the seed's forms capture it (three lines)."""

    address_line1 = models.CharField("Adresse", max_length=200, blank=True)
    address_line2 = models.CharField("Adresse (suite)", max_length=200, blank=True)
    address_line3 = models.CharField("Adresse (fin)", max_length=200, blank=True)
    postal_code = models.CharField("Code Postal", max_length=10, blank=True)
    city = models.CharField("Ville", max_length=100, blank=True)
    country = models.CharField("Pays", max_length=100, blank=True, default="France")

    class Meta:
        abstract = True

    @property
    def address_lines(self) -> list[str]:
        lines = [self.address_line1, self.address_line2, self.address_line3]
        city_line = f"{self.postal_code} {self.city}".strip()
        country = "" if (self.country or "").strip().lower() in ("", "france") else self.country
        return [line for line in [*lines, city_line, country] if line]

    @property
    def one_line(self) -> str:
        return ", ".join(self.address_lines)
