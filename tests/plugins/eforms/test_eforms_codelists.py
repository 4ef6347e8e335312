"""Code lists shipped with the plugin and how a province extends or replaces them."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from plugins.eforms.codelists import CodeList, code_names, load_code_lists
from plugins.eforms.schema import Text


@pytest.fixture(scope="module")
def shipped() -> dict[str, CodeList]:
    return load_code_lists()


def test_shipped_lists(shipped: dict[str, CodeList]) -> None:
    assert set(shipped) == {
        "provinces",
        "communes",
        "ethnic_groups",
        "nationalities",
        "genders",
        "marital_statuses",
    }


def test_provinces_after_the_2025_merger(shipped: dict[str, CodeList]) -> None:
    provinces = shipped["provinces"]
    assert len(provinces) == 34
    assert provinces.name_of("01", "vi") == "Thành phố Hà Nội"
    assert provinces.name_of("79", "en") == "Ho Chi Minh City"
    assert provinces.name_of("46", "vi") == "Thành phố Huế"
    # Merged provinces keep the code of the province holding the new centre.
    assert provinces.name_of("15", "vi") == "Tỉnh Lào Cai"
    assert provinces.name_of("52", "vi") == "Tỉnh Gia Lai"
    assert "10" not in provinces  # the old Lào Cai code is gone
    codes = [item.code for item in provinces.items]
    assert codes == sorted(codes)
    assert all(len(code) == 2 and code.isdigit() for code in codes)


def test_ethnic_groups_have_their_official_codes(shipped: dict[str, CodeList]) -> None:
    groups = shipped["ethnic_groups"]
    assert [item.code for item in groups.items] == [f"{n:02d}" for n in range(1, 55)]
    assert groups.name_of("01", "vi") == "Kinh"
    assert groups.name_of("02", "vi") == "Tày"
    assert groups.name_of("04", "vi") == "Hoa"
    assert groups.name_of("17", "vi") == "Chăm"
    assert groups.name_of("54", "vi") == "Rơ-măm"
    assert len({item.name for item in groups.items}) == 54


def test_nationalities_start_with_viet_nam(shipped: dict[str, CodeList]) -> None:
    nationalities = shipped["nationalities"]
    assert nationalities.items[0].code == "VN"
    assert nationalities.name_of("VN", "en") == "Viet Nam"
    assert all(
        len(item.code) == 2 and item.code.isupper() for item in nationalities.items
    )


def test_demo_communes_belong_to_the_demo_province(
    shipped: dict[str, CodeList],
) -> None:
    communes = shipped["communes"]
    for code in ("xa-an-binh", "phuong-1", "xa-tan-phu", "xa-hoa-loi"):
        item = communes.get(code)
        assert item is not None
        assert item.parent == "99"
    assert communes.name_of("xa-hoa-loi", "vi") == "Xã Hòa Lợi"


def test_unknown_codes_show_as_themselves(shipped: dict[str, CodeList]) -> None:
    assert shipped["genders"].name_of("9", "vi") == "9"
    assert shipped["genders"].get("9") is None
    assert 1 not in shipped["genders"]


def test_a_province_file_replaces_a_list(tmp_path: Path) -> None:
    (tmp_path / "genders.yaml").write_text(
        "name: genders\ntitle: Giới tính\nitems:\n  - {code: M, name: Nam}\n"
        "  - {code: F, name: Nữ}\n",
        encoding="utf-8",
    )
    lists = load_code_lists([tmp_path])
    assert [item.code for item in lists["genders"].items] == ["M", "F"]
    assert len(lists["provinces"]) == 34


def test_a_province_file_merges_into_a_list(tmp_path: Path) -> None:
    (tmp_path / "nationalities.yaml").write_text(
        "name: nationalities\ntitle: Quốc tịch\nmerge: true\nitems:\n"
        "  - {code: BR, name: {vi: Bra-xin, en: Brazil}}\n"
        "  - {code: VN, name: {vi: Việt Nam (CHXHCN), en: Viet Nam}}\n",
        encoding="utf-8",
    )
    lists = load_code_lists([tmp_path])
    nationalities = lists["nationalities"]
    assert nationalities.items[0].name == Text(vi="Việt Nam (CHXHCN)", en="Viet Nam")
    assert nationalities.items[-1].code == "BR"
    assert len(nationalities) == len(load_code_lists()["nationalities"]) + 1


def test_a_province_may_add_new_lists_and_later_folders_win(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "religions.yaml").write_text(
        "name: religions\ntitle: Tôn giáo\nitems: [{code: '0', name: Không}]\n",
        encoding="utf-8",
    )
    (second / "religions.yaml").write_text(
        "name: religions\ntitle: Tôn giáo\nitems: [{code: '1', name: Phật giáo}]\n",
        encoding="utf-8",
    )
    lists = load_code_lists([first, second, tmp_path / "missing"])
    assert [item.code for item in lists["religions"].items] == ["1"]
    assert code_names(lists, "religions", "vi") == {"1": "Phật giáo"}
    assert code_names(lists, "nothing", "vi") == {}


def test_a_broken_list_names_its_file(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("name: bad\ntitle: B\nitems: [{code: 1}]\n")
    with pytest.raises(msgspec.ValidationError, match=r"bad\.yaml"):
        load_code_lists([tmp_path])
