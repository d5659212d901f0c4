"""The image library's upload form: Wagtail's, with a file field that turns any image the library cannot read into a
form error (settings WAGTAILIMAGES_IMAGE_FORM_BASE)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class ReadableImageField(WagtailImageField):
    """Wagtail recognises a PNG by its first eight bytes but opens it only to measure it, so a file that starts like
    a PNG and is not one (`\\x89PNG\\r\\n\\x1a\\n<script>…`) raised UnidentifiedImageError, a 500. Anything the
    image library fails on while measuring is the form's "not a valid image" error instead."""

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except Exception as error:
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from error


class ImageForm(BaseImageForm):
    file = ReadableImageField(label=_("File"))
