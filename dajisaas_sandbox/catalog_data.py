"""Hand-written seed of the sandbox catalog: shops, categories and the 36 items.

Ids, prices, stock and the choice of SKU options are drawn from a seeded random generator
by ``catalog_builder``; everything that tests rely on (which items have no SKUs, hundreds of
SKUs, no distribution, the ``mpSkuid`` spelling) is fixed here.

Search words: "2024" is in 26 titles (3 pages of 10); "fashion" matches 23 items; "dress",
"t-shirt", "sneakers", "phone case", "backpack", "headphones", "tea", "mug" and "toy" match
3 to 5 items each.
"""

from dataclasses import dataclass

from .catalog_items import MP_SKU_ID, MP_SKU_ID_LOWERCASE_I


@dataclass(frozen=True)
class Shop:
    name: str
    shop_id: int


@dataclass(frozen=True)
class Category:
    keywords: tuple[str, ...]
    price_range: tuple[int, int]  # fen
    dimensions: tuple[tuple[str, tuple[str, ...]], ...]  # SKU property name -> values
    brands: tuple[str, ...]
    materials: tuple[str, ...]


@dataclass(frozen=True)
class ItemSpec:
    category: str
    shop: Shop
    title: str
    keywords: tuple[str, ...] = ()  # in addition to the category's
    dimensions: tuple[tuple[str, tuple[str, ...]], ...] | None = None  # overrides the category's
    sku_grid: tuple[int, ...] | None = None  # values taken per dimension; None = drawn at random
    has_skus: bool = True
    distributable: bool = True
    mp_sku_id_key: str = MP_SKU_ID
    item_id: int | None = None  # fixed Taobao id; None = drawn at random


PROPERTY_IDS = {
    "颜色分类": 1627207,
    "尺码": 20509,
    "鞋码": 20549,
    "适用型号": 122216345,
    "净含量": 122216343,
    "包装": 122216347,
    "容量": 122216349,
    "套餐类型": 5919063,
    "规格": 122216348,
    "品牌": 20000,
    "材质": 20021,
    "产地": 21299,
}

COLOURS = (
    "黑色", "白色", "灰色", "米白色", "卡其色", "藏青色", "深蓝色", "天蓝色", "浅绿色", "墨绿色",
    "红色", "酒红色", "粉色", "浅紫色", "橙色", "黄色", "咖啡色", "银色", "金色", "荧光绿",
)  # fmt: skip
CLOTHING_SIZES = ("S", "M", "L", "XL", "2XL", "3XL")
SHOE_SIZES = tuple(f"{size / 2:g}" for size in range(72, 88))  # 36 .. 43.5, 16 sizes
IPHONE_MODELS = (
    "iPhone 11", "iPhone 11 Pro", "iPhone 12", "iPhone 12 Pro", "iPhone 12 Pro Max", "iPhone 13",
    "iPhone 13 Pro", "iPhone 13 Pro Max", "iPhone 14", "iPhone 14 Plus", "iPhone 14 Pro",
    "iPhone 14 Pro Max", "iPhone 15", "iPhone 15 Plus", "iPhone 15 Pro", "iPhone 15 Pro Max",
    "iPhone 16", "iPhone 16 Pro",
)  # fmt: skip

WOMEN_FASHION = Shop("潮流女装馆", 57301122)
UNIQLO_STYLE = Shop("优衣坊旗舰店", 62884301)
SPORTS = Shop("步履运动专营店", 104553210)
DIGITAL = Shop("数码配件之家", 73310987)
TEA_GARDEN = Shop("西湖茶园", 35120466)
BAGS = Shop("行者箱包旗舰店", 88420175)
HOME = Shop("家居好物社", 91237740)
TOYS = Shop("童趣玩具城", 66012893)

CATEGORIES = {
    "dress": Category(
        keywords=("dress", "women", "fashion"),
        price_range=(8900, 25900),
        dimensions=(("颜色分类", COLOURS[:14]), ("尺码", CLOTHING_SIZES)),
        brands=("伊芙丽", "太平鸟", "无品牌"),
        materials=("雪纺", "棉", "针织"),
    ),
    "t-shirt": Category(
        keywords=("t-shirt", "tee", "fashion"),
        price_range=(2900, 8900),
        dimensions=(("颜色分类", COLOURS[:10]), ("尺码", CLOTHING_SIZES)),
        brands=("优衣坊", "无印良品风", "无品牌"),
        materials=("纯棉", "莫代尔"),
    ),
    "sneakers": Category(
        keywords=("sneakers", "shoes", "fashion"),
        price_range=(9900, 39900),
        dimensions=(("颜色分类", COLOURS), ("鞋码", SHOE_SIZES)),
        brands=("回力", "飞跃", "李宁风"),
        materials=("网布", "头层牛皮", "超纤皮"),
    ),
    "phone case": Category(
        keywords=("phone case", "fashion"),
        price_range=(990, 4990),
        dimensions=(("颜色分类", COLOURS), ("适用型号", IPHONE_MODELS)),
        brands=("倍思", "图拉斯", "无品牌"),
        materials=("硅胶", "TPU", "素皮"),
    ),
    "backpack": Category(
        keywords=("backpack", "bag", "fashion"),
        price_range=(5900, 19900),
        dimensions=(("颜色分类", COLOURS[:8]),),
        brands=("瑞士军刀风", "小米风", "无品牌"),
        materials=("牛津布", "帆布", "尼龙"),
    ),
    "headphones": Category(
        keywords=("headphones", "earbuds", "bluetooth"),
        price_range=(6900, 29900),
        dimensions=(
            ("颜色分类", ("黑色", "白色", "天蓝色", "粉色")),
            ("套餐类型", ("官方标配", "套餐一", "套餐二")),
        ),
        brands=("漫步者", "QCY", "倍思"),
        materials=("ABS", "硅胶"),
    ),
    "tea": Category(
        keywords=("tea",),
        price_range=(3800, 32800),
        dimensions=(("净含量", ("100g", "250g", "500g")), ("包装", ("罐装", "礼盒装", "散装"))),
        brands=("狮峰", "大益", "八马"),
        materials=("茶叶",),
    ),
    "mug": Category(
        keywords=("mug", "cup"),
        price_range=(1990, 8900),
        dimensions=(
            ("颜色分类", ("白色", "黑色", "粉色", "浅绿色")),
            ("容量", ("350ml", "500ml", "750ml")),
        ),
        brands=("乐扣乐扣", "物生物", "无品牌"),
        materials=("陶瓷", "304不锈钢", "高硼硅玻璃"),
    ),
    "toy": Category(
        keywords=("toy", "kids"),
        price_range=(2990, 19900),
        dimensions=(("规格", ("基础款", "豪华款", "收纳盒套装", "礼盒装")),),
        brands=("森宝", "启蒙", "无品牌"),
        materials=("ABS塑料", "纸质"),
    ),
}

ITEM_SPECS = (
    ItemSpec(
        "dress",
        WOMEN_FASHION,
        "法式碎花连衣裙女2024夏季新款收腰显瘦气质长裙",
        keywords=("summer",),
        item_id=703446760426,
    ),
    ItemSpec(
        "dress", UNIQLO_STYLE, "雪纺连衣裙女2024新款夏季小个子温柔风裙子", keywords=("summer",)
    ),
    ItemSpec(
        "dress", WOMEN_FASHION, "黑色吊带连衣裙女2024夏季新款法式小黑裙", keywords=("summer",)
    ),
    ItemSpec("dress", UNIQLO_STYLE, "针织连衣裙女秋冬2024新款修身打底毛衣裙"),
    ItemSpec("dress", WOMEN_FASHION, "衬衫连衣裙女2024春季新款宽松中长款", distributable=False),
    ItemSpec(
        "t-shirt", UNIQLO_STYLE, "纯棉短袖T恤女2024夏季新款宽松百搭上衣", keywords=("women",)
    ),
    ItemSpec("t-shirt", UNIQLO_STYLE, "男士纯棉圆领短袖T恤2024新款潮牌半袖", keywords=("men",)),
    ItemSpec("t-shirt", WOMEN_FASHION, "重磅纯棉白色T恤男女同款2024夏季打底衫"),
    ItemSpec(
        "t-shirt",
        WOMEN_FASHION,
        "印花短袖t恤女2024新款韩版学生ins潮",
        keywords=("women",),
        mp_sku_id_key=MP_SKU_ID_LOWERCASE_I,
    ),
    ItemSpec(
        "sneakers",
        SPORTS,
        "运动鞋男2024新款透气网面跑步鞋轻便休闲鞋",
        keywords=("running",),
        sku_grid=(20, 16),
    ),
    ItemSpec("sneakers", SPORTS, "小白鞋女2024春季新款百搭板鞋学生运动鞋"),
    ItemSpec("sneakers", SPORTS, "老爹鞋女2024新款增高厚底休闲运动鞋"),
    ItemSpec("sneakers", SPORTS, "儿童运动鞋2024秋季新款男童女童网面跑鞋", keywords=("kids",)),
    ItemSpec("sneakers", SPORTS, "篮球鞋男2024新款高帮实战球鞋防滑耐磨", keywords=("basketball",)),
    ItemSpec(
        "phone case",
        DIGITAL,
        "适用iPhone15手机壳2024新款透明防摔硅胶保护套",
        keywords=("iphone",),
        sku_grid=(20, 18),
    ),
    ItemSpec(
        "phone case", DIGITAL, "苹果14ProMax手机壳液态硅胶2024新款全包镜头", keywords=("iphone",)
    ),
    ItemSpec(
        "phone case",
        DIGITAL,
        "华为Mate60Pro手机壳素皮2024新款商务保护套",
        keywords=("huawei",),
        mp_sku_id_key=MP_SKU_ID_LOWERCASE_I,
        dimensions=(
            ("颜色分类", COLOURS[:6]),
            ("适用型号", ("Mate60", "Mate60 Pro", "Mate60 Pro+")),
        ),
    ),
    ItemSpec(
        "phone case",
        DIGITAL,
        "小米14手机壳磁吸2024新款创意卡通保护壳",
        keywords=("xiaomi",),
        dimensions=(("颜色分类", COLOURS[:6]), ("适用型号", ("小米14", "小米14 Pro"))),
    ),
    ItemSpec("phone case", DIGITAL, "iPhone16手机壳MagSafe磁吸2024新款磨砂", keywords=("iphone",)),
    ItemSpec("backpack", BAGS, "双肩包男2024新款大容量电脑背包旅行包", keywords=("laptop",)),
    ItemSpec("backpack", BAGS, "书包女初中生2024新款韩版双肩包高中大学生", keywords=("school",)),
    ItemSpec(
        "backpack",
        BAGS,
        "登山包户外2024新款防水轻便徒步背包40L",
        keywords=("hiking",),
        distributable=False,
    ),
    ItemSpec(
        "backpack", WOMEN_FASHION, "帆布双肩包女2024新款ins风百搭通勤背包", keywords=("canvas",)
    ),
    ItemSpec("headphones", DIGITAL, "蓝牙耳机2024新款真无线降噪入耳式运动耳机"),
    ItemSpec(
        "headphones", DIGITAL, "头戴式蓝牙耳机2024新款重低音电竞游戏耳麦", keywords=("gaming",)
    ),
    ItemSpec("headphones", SPORTS, "骨传导蓝牙耳机2024新款不入耳运动跑步", keywords=("running",)),
    ItemSpec("tea", TEA_GARDEN, "西湖龙井茶叶明前特级绿茶春茶礼盒装", keywords=("green tea",)),
    ItemSpec(
        "tea",
        TEA_GARDEN,
        "云南普洱茶熟茶饼357克勐海七子饼茶",
        keywords=("pu-erh tea",),
        has_skus=False,
    ),
    ItemSpec(
        "tea",
        TEA_GARDEN,
        "福建安溪铁观音浓香型乌龙茶散装",
        keywords=("oolong tea",),
        mp_sku_id_key=MP_SKU_ID_LOWERCASE_I,
    ),
    ItemSpec("tea", TEA_GARDEN, "正山小种红茶武夷山特级养胃红茶罐装", keywords=("black tea",)),
    ItemSpec("mug", HOME, "陶瓷马克杯带盖勺办公室情侣水杯", keywords=("coffee",)),
    ItemSpec("mug", HOME, "304不锈钢保温杯男女大容量便携水杯", keywords=("bottle",)),
    ItemSpec(
        "mug", HOME, "玻璃咖啡杯耐热家用早餐牛奶杯", keywords=("coffee", "glass"), has_skus=False
    ),
    ItemSpec("toy", TOYS, "兼容乐高积木拼装玩具男孩益智城市系列", keywords=("building blocks",)),
    ItemSpec("toy", TOYS, "儿童拼图益智玩具1000片风景拼图", keywords=("puzzle",)),
    ItemSpec(
        "toy", TOYS, "遥控汽车儿童玩具越野攀爬车充电款", keywords=("rc car",), has_skus=False
    ),
)
